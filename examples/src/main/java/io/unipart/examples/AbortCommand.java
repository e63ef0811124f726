package io.unipart.examples;

import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.UploadCheckpoint;
import io.unipart.UploadSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code abort}: ends an upload so the server frees its parts. */
@Command(name = "abort", abbreviateSynopsis = true,
    header = "Abort an upload so the server frees its parts: by its checkpoint, by the session"
        + " 'unipart init' printed, or (s3, cos) by key and upload id.",
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {"  unipart abort --checkpoint intro.ckpt",
        "  unipart abort --session k.session.json --dialect s3 --aws eu-central-1",
        "  unipart abort --dialect s3 --aws eu-central-1 --bucket media --key k --upload-id ID"})
final class AbortCommand implements Callable<Integer> {
  @ParentCommand
  UnipartCli root;

  @Spec
  CommandSpec spec;

  @Option(names = "--checkpoint", paramLabel = "PATH", order = 0,
      description = "the checkpoint an interrupted upload kept")
  Path checkpoint;

  @Option(names = "--session", paramLabel = "PATH", order = 0,
      description = "the session JSON 'unipart init' printed")
  Path session;

  @Option(names = "--upload-id", paramLabel = "ID", order = 0,
      description = "(s3, cos) the upload id, with --key")
  String uploadId;

  @Option(names = "--key", paramLabel = "KEY", order = 0,
      description = "(s3, cos) the object key, with --upload-id")
  String key;

  @Mixin
  Connection connection;

  @Mixin
  HelpOption help;

  @Override
  public Integer call() throws Exception {
    int ways = (checkpoint != null ? 1 : 0) + (session != null ? 1 : 0)
        + (uploadId != null ? 1 : 0);
    if (ways != 1) {
      throw new UsageException("give one of --checkpoint, --session, or --key with --upload-id");
    }
    UploadSession target;
    if (checkpoint != null) {
      if (!Files.isRegularFile(checkpoint)) {
        throw new UsageException("--checkpoint " + checkpoint + " is not a file");
      }
      SavedConnection.fill(checkpoint, connection);
      target = UploadCheckpoint.read(checkpoint).session();
    } else if (session != null) {
      target = ResumeCommand.readSession(session);
    } else {
      String dialect = connection.dialect();
      if (!dialect.equals("s3") && !dialect.equals("cos")) {
        throw new UsageException("--upload-id works for s3 and cos; for " + dialect
            + ", give the --session that init printed, or the --checkpoint");
      }
      target = UploadSession.builder().dialect(dialect)
          .destination(UsageException.require("--bucket", connection.bucket))
          .key(UsageException.require("--key", key)).uploadId(uploadId)
          .initiatedAt(Instant.EPOCH).build();
    }
    if (connection.dialect == null) {
      connection.dialect = target.dialect();
    }
    ResumeCommand.fillDestination(connection, target);
    String dialect = connection.dialect();
    connection.refuseOthers(spec, dialect, Set.of("--checkpoint", "--session", "--upload-id",
        "--key"));
    List<AutoCloseable> resources = new ArrayList<>();
    try (MultipartClient client = connection.client(root.env, resources,
        Connection.hasDotSegments(target.key()))) {
      if (!client.capabilities().canAbort()) {
        throw new UsageException(dialect + " uploads cannot be aborted");
      }
      if (checkpoint != null) {
        MultipartUploader.builder(client).build().abort(checkpoint);
        SavedConnection.delete(checkpoint);
      } else {
        client.abort(target);
      }
    } finally {
      Connection.closeAll(resources);
    }
    root.out.println("aborted " + target.dialect() + " upload " + target.uploadId() + " of \""
        + target.key() + "\"");
    return UnipartCli.OK;
  }
}
