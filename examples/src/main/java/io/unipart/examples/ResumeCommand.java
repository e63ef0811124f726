package io.unipart.examples;

import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.UploadCheckpoint;
import io.unipart.UploadSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code resume}: finishes a kept upload, or sends a file into a session {@code init} started. */
@Command(name = "resume", abbreviateSynopsis = true,
    header = "Finish an interrupted upload from its checkpoint, or send a file into a session"
        + " that 'unipart init' started.",
    description = {"With --checkpoint, the server is asked which parts it holds, each is checked"
        + " against FILE, and only the rest is sent. Nothing is sent when FILE is not the file"
        + " the upload was reading. The connection flags the upload was given are kept beside"
        + " the checkpoint; credentials come from the environment again.", ""},
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {"  unipart resume --checkpoint intro.ckpt intro.mp4",
        "  tar c photos/ | unipart resume --checkpoint photos.ckpt -",
        "  unipart resume --session k.session.json k.bin --dialect s3 --aws eu-central-1"})
final class ResumeCommand implements Callable<Integer> {
  @ParentCommand
  UnipartCli root;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE",
      description = "the file the upload was reading, or - for the same bytes on standard input")
  String source;

  @Option(names = "--checkpoint", paramLabel = "PATH", order = 0,
      description = "the checkpoint the interrupted upload kept")
  Path checkpoint;

  @Option(names = "--session", paramLabel = "PATH", order = 0,
      description = "the session JSON 'unipart init' printed")
  Path session;

  @Option(names = "--no-progress", order = 42,
      description = "no progress on standard error (errors and retry notices still show)")
  boolean noProgress;

  @Option(names = "--concurrency", paramLabel = "N", order = 41,
      description = "parts sent at once (default: 4)")
  Integer concurrency;

  @Mixin
  LimitRateOption limitRate;

  @Mixin
  Connection connection;

  @Mixin
  HelpOption help;

  @Override
  public Integer call() throws Exception {
    if (checkpoint != null && session != null) {
      throw new UsageException("give --checkpoint or --session, not both");
    }
    if (checkpoint == null && session == null) {
      throw new UsageException("--checkpoint (or --session) is required");
    }
    boolean stdin = source.equals("-");
    Path file = stdin ? null : Path.of(source);
    if (file != null && !Files.isRegularFile(file)) {
      throw new NoSuchFileException(source);
    }
    UploadSession started;
    String key;
    if (checkpoint != null) {
      if (!Files.isRegularFile(checkpoint)) {
        throw new UsageException("--checkpoint " + checkpoint + " is not a file (an upload"
            + " that finished or was aborted deletes it)");
      }
      SavedConnection.fill(checkpoint, connection);
      UploadCheckpoint cp = UploadCheckpoint.read(checkpoint);
      fillFromSession(cp.session());
      key = cp.session().key();
      started = null;
    } else {
      started = readSession(session);
      fillFromSession(started);
      key = started.key();
    }
    String dialect = connection.dialect();
    connection.refuseOthers(spec, dialect, Set.of("--checkpoint", "--session",
        "--concurrency", "--limit-rate", "--no-progress"));
    if (started != null && stdin) {
      throw new UsageException("--session needs a FILE, not standard input");
    }
    List<AutoCloseable> resources = new ArrayList<>();
    try (MultipartClient client = connection.client(root.env, resources,
        Connection.hasDotSegments(key))) {
      MultipartUploader uploader = Transfers.uploader(client, concurrency);
      Progress progress = new Progress(root.err, root.terminal, checkpoint != null,
          root.quiet || noProgress);
      Long rate = limitRate.bytesPerSecond;
      return Transfers.run(root, source, checkpoint, progress, connection,
          () -> started != null
          ? uploader.upload(file, started, Transfers.options(null, progress, rate))
          : stdin ? uploader.resume(checkpoint, root.stdin,
              Transfers.options(checkpoint, progress, rate))
          : uploader.resume(checkpoint, file, Transfers.options(checkpoint, progress, rate)));
    } finally {
      Connection.closeAll(resources);
    }
  }

  /** The dialect and, for s3 and cos, the bucket come with the session. */
  private void fillFromSession(UploadSession s) {
    if (connection.dialect == null) {
      connection.dialect = s.dialect();
    }
    fillDestination(connection, s);
  }

  /** What a session's destination names: the bucket, the CDF project, the project, the app. */
  static void fillDestination(Connection c, UploadSession s) {
    String d = s.destination();
    switch (s.dialect()) {
      case "s3", "cos" -> c.bucket = c.bucket == null ? d : c.bucket;
      case "cognite" -> c.project = c.project == null ? d : c.project;
      case "presigned" -> c.projectId = c.projectId == null ? d : c.projectId;
      case "rum" -> c.appId = c.appId == null ? d : c.appId;
      default -> { }
    }
  }

  /** The session in a file, as {@code init} printed it. */
  static UploadSession readSession(Path file) throws UsageException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--session " + file + " is not a file");
    }
    return UploadSession.fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }
}
