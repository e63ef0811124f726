package io.unipart.examples;

import io.unipart.MultipartClient;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code init}: starts one upload and prints its session as JSON. */
@Command(name = "init", abbreviateSynopsis = true,
    header = "Start an upload and print its session as JSON.",
    description = {"Only the initiate call is sent. Send a file into the session with"
        + " 'unipart resume --session', or end it with 'unipart abort --session'.", ""},
    sortOptions = false,
    footerHeading = "%nCredentials (from the environment, never flags):%n",
    footer = {"  s3         AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
        "  cos        TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SESSION_TOKEN",
        "  cognite    COGNITE_TOKEN, or COGNITE_TOKEN_URL, COGNITE_CLIENT_ID,"
            + " COGNITE_CLIENT_SECRET, COGNITE_SCOPES",
        "  rum        DF_API_KEY",
        "  presigned  PRESIGNED_API_TOKEN (sent as Authorization: Bearer)",
        "",
        "Examples:",
        "  unipart init --dialect s3 --aws eu-central-1 --bucket media --key videos/intro.mp4 \\",
        "      --content-type video/mp4 --storage-class STANDARD_IA > intro.session.json",
        "  unipart init --dialect cos --region ap-beijing --bucket media-1250000000 --key k \\",
        "      --acl private --meta owner=ops",
        "  unipart init --dialect cognite --base-url https://api.cognitedata.com --project p \\",
        "      --key pump.mp4 --content-length 180MiB",
        "  unipart init --dialect presigned --base-url https://api.example.com --project-id P \\",
        "      --key trailer.mp4 --content-length 95MB --part-size 32MiB"})
final class InitCommand implements Callable<Integer> {
  private static final Set<String> PLANNED = Set.of("--parts", "--content-length",
      "--part-size");

  @ParentCommand
  UnipartCli root;

  @Spec
  CommandSpec spec;

  @Mixin
  Connection connection;

  @Mixin
  ObjectOptions object;

  @Option(names = "--parts", paramLabel = "N", order = 40,
      description = "(cognite, presigned) how many part URLs to ask for")
  Integer parts;

  @Option(names = "--content-length", paramLabel = "SIZE", order = 41,
      converter = Units.Size.class,
      description = "(cognite, presigned) the upload's length, e.g. 180MiB")
  Long contentLength;

  @Option(names = "--part-size", paramLabel = "SIZE", order = 42, converter = Units.Size.class,
      description = "(cognite, presigned) the part size, e.g. 16MiB")
  Long partSize;

  @Mixin
  HelpOption help;

  @Override
  public Integer call() throws Exception {
    String dialect = connection.dialect();
    Set<String> allowed = new HashSet<>(ObjectOptions.FLAGS.get(dialect));
    boolean urlsAtStart = dialect.equals("cognite") || dialect.equals("presigned");
    if (urlsAtStart) {
      allowed.addAll(PLANNED);
    }
    connection.refuseOthers(spec, dialect, allowed);
    object.check(dialect, connection);
    UploadRequest.Builder request = object.neutral(dialect);
    if (urlsAtStart) {
      plan(dialect, request);
    }
    List<AutoCloseable> resources = new ArrayList<>();
    UploadSession session;
    try (MultipartClient client = connection.client(root.env, resources,
        object.key != null && Connection.hasDotSegments(object.key))) {
      session = object.initiate(client, request.build(), connection);
    } finally {
      Connection.closeAll(resources);
    }
    root.out.println(session.toJson());
    return UnipartCli.OK;
  }

  /** Cognite and the presigned API issue every part URL at the start: they need the plan. */
  private void plan(String dialect, UploadRequest.Builder request) throws UsageException {
    if (parts != null) {
      if (contentLength != null && dialect.equals("cognite")) {
        throw new UsageException("give --parts or --content-length, not both");
      }
      if (partSize != null) {
        throw new UsageException("give --parts or --part-size, not both");
      }
      request.partCount(parts);
    } else if (contentLength == null) {
      throw new UsageException(dialect.equals("cognite")
          ? "--parts or --content-length is required"
          : "--parts, or --content-length with --part-size, is required");
    } else if (dialect.equals("presigned") && partSize == null) {
      throw new UsageException("--parts, or --content-length with --part-size, is required");
    }
    if (contentLength != null) {
      request.contentLength(contentLength);
    }
    if (partSize != null) {
      request.partSize(partSize);
    }
  }
}
