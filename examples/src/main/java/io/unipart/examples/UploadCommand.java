package io.unipart.examples;

import io.unipart.InvalidRequestException;
import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.TransferOptions;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code upload}: sends a whole file, or standard input, and prints the result as JSON. */
@Command(name = "upload", abbreviateSynopsis = true,
    header = "Upload a whole file (or standard input) and print the result as JSON.",
    description = {"Parts are sent in parallel, each checked by the provider's checksum. Without"
        + " --checkpoint, a failed or interrupted upload is aborted on the server; with it, the"
        + " upload is kept and 'unipart resume' finishes it. Run again with a checkpoint that"
        + " is already there (the first run was killed), it resumes that upload, checking the"
        + " file part by part, instead of starting another; a checkpoint of another key or"
        + " file is refused.", ""},
    sortOptions = false,
    footerHeading = "%nCredentials come from the environment, as for 'unipart init'"
        + " (see 'unipart init --help').%n",
    footer = {"",
        "Examples:",
        "  unipart upload intro.mp4 --dialect s3 --aws eu-central-1 --bucket media \\",
        "      --key videos/intro.mp4 --part-size 16MiB --checkpoint intro.ckpt",
        "  unipart upload backup.tar --dialect s3 --endpoint http://minio:9000 --path-style \\",
        "      --allow-plain-http --region us-east-1 --bucket backups --key 2026/backup.tar",
        "  tar c photos/ | unipart upload - --dialect s3 --aws eu-central-1 --bucket media \\",
        "      --key photos.tar",
        "  unipart upload dist.zip --dialect rum --base-url https://openapi.guance.com \\",
        "      --app-id app_123 --key 1.0.4 --env production",
        "",
        "Ctrl-C aborts the upload on the server, or, with --checkpoint, keeps it and prints the"
            + " command that resumes it."})
final class UploadCommand implements Callable<Integer> {
  private static final Set<String> TRANSFER = Set.of("--part-size", "--expected-size",
      "--concurrency", "--limit-rate", "--checkpoint", "--no-progress");

  @ParentCommand
  UnipartCli root;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE",
      description = "the file to send, or - for standard input (s3, cos and rum)")
  String source;

  @Mixin
  Connection connection;

  @Mixin
  ObjectOptions object;

  @Option(names = "--part-size", paramLabel = "SIZE", order = 40, converter = Units.Size.class,
      description = "bytes per part, e.g. 16MiB (default: the dialect's, grown for large files)")
  Long partSize;

  @Option(names = "--expected-size", paramLabel = "SIZE", order = 40,
      converter = Units.Size.class,
      description = "with - (standard input): about how long the stream will be, e.g. 200GiB,"
          + " to size its parts from the first (without it, on AWS, COS and --store ceph, parts"
          + " start at the default and grow as the stream goes, up to 5 TiB)")
  Long expectedSize;

  @Option(names = "--concurrency", paramLabel = "N", order = 41,
      description = "parts sent at once (default: 4)")
  Integer concurrency;

  @Mixin
  LimitRateOption limitRate;

  @Option(names = "--checkpoint", paramLabel = "PATH", order = 42,
      description = "keep a checkpoint here; a failed or interrupted upload is then kept for"
          + " 'unipart resume' instead of aborted")
  Path checkpoint;

  @Option(names = "--no-progress", order = 43,
      description = "no progress on standard error (errors and retry notices still show)")
  boolean noProgress;

  @Mixin
  HelpOption help;

  @Override
  public Integer call() throws Exception {
    String dialect = connection.dialect();
    Set<String> allowed = new HashSet<>(ObjectOptions.FLAGS.get(dialect));
    allowed.addAll(TRANSFER);
    connection.refuseOthers(spec, dialect, allowed);
    object.check(dialect, connection);
    boolean stdin = source.equals("-");
    Path file = stdin ? null : Path.of(source);
    if (file != null && !Files.exists(file)) {
      throw new NoSuchFileException(source);
    }
    if (file != null && !Files.isRegularFile(file)) {
      throw new UsageException(source + " is not a regular file");
    }
    if (stdin && (dialect.equals("cognite") || dialect.equals("presigned"))) {
      throw new UsageException(dialect + " issues every part URL when the upload starts, so it"
          + " needs a FILE whose length is known, not standard input");
    }
    if (expectedSize != null && !stdin) {
      throw new UsageException("--expected-size is for - (standard input): a FILE's size is"
          + " known");
    }
    UploadRequest.Builder request = object.neutral(dialect);
    if (file != null) {
      request.contentLength(Files.size(file));
    }
    if (expectedSize != null) {
      request.expectedLength(expectedSize);
    }
    if (partSize != null) {
      request.partSize(partSize);
    }
    Set<String> given = new HashSet<>();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      given.add(o.longestName());
    }
    boolean typed = ObjectOptions.typed(given) || connection.customerKeyFile != null;
    List<AutoCloseable> resources = new ArrayList<>();
    try (MultipartClient client = connection.client(root.env, resources,
        Connection.hasDotSegments(object.key))) {
      MultipartUploader uploader = Transfers.uploader(client, concurrency);
      // The same command run again after a crash: the library resumes the upload the
      // checkpoint holds, or refuses before any call. Nothing is started over it here either:
      // no typed initiate, and the saved connection flags stay as the first run wrote them.
      boolean again = checkpoint != null && Files.exists(checkpoint, LinkOption.NOFOLLOW_LINKS);
      Progress progress = new Progress(root.err, root.terminal, again,
          root.quiet || noProgress);
      TransferOptions options = Transfers.options(checkpoint, progress, limitRate.bytesPerSecond);
      if (checkpoint != null && !again) {
        SavedConnection.of(connection).write(checkpoint);
      }
      UploadRequest built = request.build();
      try {
        return Transfers.run(root, source, checkpoint, progress, connection, () -> {
          if (typed && !again) {
            UploadSession session = object.initiate(client, built, connection);
            return stdin ? uploader.upload(root.stdin, session, options)
                : uploader.upload(file, session, options);
          }
          return stdin ? uploader.upload(root.stdin, built, options)
              : uploader.upload(file, built, options);
        });
      } catch (InvalidRequestException e) {
        if (!again) {
          throw e;
        }
        root.err.println(Errors.oneLine(e));
        Transfers.howToFinish(root.err, checkpoint, source, client.capabilities().canAbort());
        return UnipartCli.USAGE;
      }
    } finally {
      Connection.closeAll(resources);
    }
  }
}
