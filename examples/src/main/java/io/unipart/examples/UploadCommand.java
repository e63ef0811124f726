package io.unipart.examples;

import io.unipart.internal.JsonCodecs;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.ProgressListener;
import io.unipart.TransferOptions;
import io.unipart.TransferProgress;
import io.unipart.UploadCheckpoint;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.rum.RumInitiateRequest;
import io.unipart.rum.RumSourcemapClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code upload}, {@code resume} and {@code abort}: whole uploads through any dialect.
 * Next to a checkpoint the command keeps the connection options (never credentials) in {@code
 * <checkpoint>.connection.json}, so {@code resume} and {@code abort} need only the checkpoint.
 */
final class UploadCommand {
  private static final Set<String> S3_OPTIONS = Set.of("--endpoint", "--region", "--bucket",
      "--key", "--content-type", "--meta", "--path-style", "--part-size", "--concurrency",
      "--checkpoint", "--sse-c-key-file");
  private static final Set<String> COS_OPTIONS = Set.of("--endpoint", "--region", "--bucket",
      "--key", "--content-type", "--meta", "--part-size", "--concurrency", "--checkpoint",
      "--sse-c-key-file");
  private static final Set<String> COGNITE_OPTIONS = Set.of("--base-url", "--project", "--key",
      "--content-type", "--meta", "--part-size", "--concurrency", "--checkpoint");
  private static final Set<String> RUM_OPTIONS = Set.of("--base-url", "--app-id", "--key",
      "--env", "--overwrite", "--part-size", "--concurrency", "--checkpoint");
  private static final Set<String> PRESIGNED_OPTIONS = Set.of("--base-url", "--project-id",
      "--key", "--content-type", "--part-size", "--concurrency", "--checkpoint");
  private static final String[] CONNECTION = {"--dialect", "--endpoint", "--region", "--bucket",
      "--base-url", "--project", "--project-id", "--app-id"};

  private UploadCommand() {}

  /** {@code upload FILE|- --dialect D ... --key K}. */
  static int upload(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
      boolean terminal) throws UnipartCli.UsageException, IOException {
    Arguments a = Arguments.parse(args, 1);
    if (a.positional().isEmpty()) {
      throw new UnipartCli.UsageException("upload needs a FILE (or - for standard input)");
    }
    String dialect = a.require("--dialect");
    a.allowOnly(dialect, options(dialect));
    UploadRequest.Builder request = UploadRequest.builder().key(a.require("--key"))
        .contentType(a.get("--content-type")).metadata(a.meta());
    if (!dialect.equals("s3") && !dialect.equals("cos")
        && Files.isRegularFile(Path.of(source(a)))) {
      // Cognite and the presigned API issue a URL per part up front: they need the length.
      request.contentLength(Files.size(Path.of(source(a))));
    }
    if (a.get("--part-size") != null) {
      request.partSize(InitCommand.number(a, "--part-size"));
    }
    Path checkpoint = a.get("--checkpoint") == null ? null : Path.of(a.get("--checkpoint"));
    String source = a.positional().get(0);
    List<AutoCloseable> resources = new ArrayList<>();
    try (MultipartClient client = client(dialect, a, env, resources)) {
      MultipartUploader uploader = uploader(client, a);
      TransferOptions options = options(checkpoint, err, terminal);
      if (checkpoint != null) {
        writeConnection(checkpoint, a);
      }
      UploadResult result;
      if (dialect.equals("rum")) {
        // RUM's env and overwrite are not in the neutral request: start the upload typed.
        UploadSession session = ((RumSourcemapClient) client).initiate(
            RumInitiateRequest.builder(UploadRequest.builder().key(a.require("--key"))
                    .overwrite(a.has("--overwrite")).build())
                .appId(a.require("--app-id"))
                .env(a.get("--env") == null ? "" : a.get("--env")).build());
        result = source.equals("-")
            ? uploader.upload(System.in, session, options)
            : uploader.upload(Path.of(source), session, options);
      } else if (InitCommand.customerKey(a) != null) {
        // SSE-C is not in the neutral request: start the upload typed, with the key.
        UploadSession session = sseCustomerKeySession(client, request.build(),
            InitCommand.customerKey(a));
        result = source.equals("-")
            ? uploader.upload(System.in, session, options)
            : uploader.upload(Path.of(source), session, options);
      } else if (source.equals("-")) {
        result = uploader.upload(System.in, request.build(), options);
      } else {
        result = uploader.upload(Path.of(source), request.build(), options);
      }
      finish(checkpoint, result, out, err, terminal);
    } finally {
      InitCommand.closeAll(resources);
    }
    return UnipartCli.OK;
  }

  /** {@code resume --checkpoint PATH FILE}. */
  static int resume(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
      boolean terminal) throws UnipartCli.UsageException, IOException {
    Arguments a = Arguments.parse(args, 1);
    if (a.positional().isEmpty()) {
      throw new UnipartCli.UsageException("resume needs the FILE the upload was reading");
    }
    if (a.get("--session") != null && a.get("--checkpoint") == null) {
      return sendIntoSession(a, out, err, env, terminal);
    }
    Path checkpoint = Path.of(a.require("--checkpoint"));
    String dialect = connection(checkpoint, a);
    a.allowOnly(dialect, options(dialect));
    List<AutoCloseable> resources = new ArrayList<>();
    try (MultipartClient client = client(dialect, a, env, resources)) {
      UploadResult result = uploader(client, a).resume(checkpoint,
          Path.of(a.positional().get(0)), options(checkpoint, err, terminal));
      finish(checkpoint, result, out, err, terminal);
    } finally {
      InitCommand.closeAll(resources);
    }
    return UnipartCli.OK;
  }

  /**
   * {@code resume --session FILE FILE <connection>}: sends a file into the upload {@code init}
   * started and completes it, so an {@code init} never leaves an upload only another tool can
   * end.
   */
  private static int sendIntoSession(Arguments a, PrintStream out, PrintStream err,
      Map<String, String> env, boolean terminal) throws UnipartCli.UsageException, IOException {
    UploadSession session = OrphanCommand.readSession(a);
    a.putIfAbsent("--dialect", session.dialect());
    if (session.dialect().equals("s3") || session.dialect().equals("cos")) {
      a.putIfAbsent("--bucket", session.destination());
    }
    String dialect = a.require("--dialect");
    Set<String> allowed = new java.util.HashSet<>(options(dialect));
    allowed.add("--session");
    a.allowOnly(dialect, allowed);
    Path file = Path.of(a.positional().get(0));
    List<AutoCloseable> resources = new ArrayList<>();
    try (MultipartClient client = client(dialect, a, env, resources)) {
      UploadResult result = uploader(client, a).upload(file, session,
          options(a.get("--checkpoint") == null ? null : Path.of(a.get("--checkpoint")), err,
              terminal));
      finish(null, result, out, err, terminal);
    } finally {
      InitCommand.closeAll(resources);
    }
    return UnipartCli.OK;
  }

  /** {@code abort --checkpoint PATH}. */
  static int abort(String[] args, PrintStream out, Map<String, String> env)
      throws UnipartCli.UsageException, IOException {
    if (java.util.Arrays.asList(args).contains("--upload-id")
        || java.util.Arrays.asList(args).contains("--session")) {
      return OrphanCommand.abortOne(args, out, env);
    }
    Arguments a = Arguments.parse(args, 0);
    Path checkpoint = Path.of(a.require("--checkpoint"));
    String dialect = connection(checkpoint, a);
    a.allowOnly(dialect, options(dialect));
    UploadCheckpoint cp = UploadCheckpoint.read(checkpoint);
    List<AutoCloseable> resources = new ArrayList<>();
    try (MultipartClient client = client(dialect, a, env, resources)) {
      MultipartUploader.builder(client).build().abort(checkpoint);
    } finally {
      InitCommand.closeAll(resources);
    }
    Files.deleteIfExists(connectionFile(checkpoint));
    out.println("aborted " + cp.session().dialect() + " upload " + cp.session().uploadId()
        + " of \"" + cp.session().key() + "\"");
    return UnipartCli.OK;
  }

  private static UploadSession sseCustomerKeySession(MultipartClient client, UploadRequest r,
      byte[] key) {
    if (client instanceof io.unipart.s3.S3MultipartClient) {
      io.unipart.s3.S3InitiateRequest typed = io.unipart.s3.S3InitiateRequest.builder(r)
          .serverSideEncryption(io.unipart.s3.ServerSideEncryption.customerKey(key)).build();
      return ((io.unipart.s3.S3MultipartClient) client).initiate(typed);
    }
    io.unipart.cos.CosInitiateRequest typed = io.unipart.cos.CosInitiateRequest.builder(r)
        .serverSideEncryption(io.unipart.cos.CosServerSideEncryption.customerKey(key)).build();
    return ((io.unipart.cos.CosMultipartClient) client).initiate(typed);
  }

  private static Set<String> options(String dialect) throws UnipartCli.UsageException {
    switch (dialect) {
      case "s3":
        return S3_OPTIONS;
      case "cos":
        return COS_OPTIONS;
      case "cognite":
        return COGNITE_OPTIONS;
      case "rum":
        return RUM_OPTIONS;
      case "presigned":
        return PRESIGNED_OPTIONS;
      default:
        throw new UnipartCli.UsageException("unknown dialect '" + dialect
            + "' (known: s3, cos, cognite, rum, presigned)");
    }
  }

  static MultipartClient clientFor(String dialect, Arguments a, Map<String, String> env,
      List<AutoCloseable> resources) throws UnipartCli.UsageException {
    return client(dialect, a, env, resources);
  }

  private static MultipartClient client(String dialect, Arguments a, Map<String, String> env,
      List<AutoCloseable> resources) throws UnipartCli.UsageException {
    switch (dialect) {
      case "s3":
        return InitCommand.s3Client(a, env);
      case "cos":
        return InitCommand.cosClient(a, env);
      case "cognite":
        return InitCommand.cogniteClient(a, env, resources);
      case "rum":
        return InitCommand.rumClient(a, env);
      default:
        return InitCommand.presignedClient(a, env);
    }
  }

  private static String source(Arguments a) {
    return a.positional().get(0);
  }

  private static MultipartUploader uploader(MultipartClient client, Arguments a)
      throws UnipartCli.UsageException {
    MultipartUploader.Builder b = MultipartUploader.builder(client);
    if (a.get("--concurrency") != null) {
      b.concurrency((int) InitCommand.number(a, "--concurrency"));
    }
    return b.build();
  }

  static TransferOptions options(Path checkpoint, PrintStream err, boolean terminal) {
    return TransferOptions.builder().checkpoint(checkpoint)
        .progressListener(terminal ? new Bar(err) : lines(err)).build();
  }

  private static ProgressListener lines(PrintStream err) {
    return p -> err.println("part " + p.partNumber() + " done: " + p.transferredBytes()
        + (p.totalBytes() >= 0 ? "/" + p.totalBytes() + " bytes (" + percent(p) + "%)"
            : " bytes"));
  }

  private static long percent(TransferProgress p) {
    return p.totalBytes() <= 0 ? 100 : p.transferredBytes() * 100 / p.totalBytes();
  }

  /** A one-line bar redrawn in place, for terminals. */
  private static final class Bar implements ProgressListener {
    private final PrintStream err;

    Bar(PrintStream err) {
      this.err = err;
    }

    @Override
    public void onProgress(TransferProgress p) {
      int width = 30;
      int filled = p.totalBytes() > 0 ? (int) (width * p.transferredBytes() / p.totalBytes())
          : 0;
      err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
          + (p.totalBytes() >= 0 ? percent(p) + "% " : "") + mib(p.transferredBytes())
          + (p.totalBytes() >= 0 ? " / " + mib(p.totalBytes()) : "") + ", " + p.completedParts()
          + " parts");
      err.flush();
    }

    private static String mib(long bytes) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
  }

  private static void finish(Path checkpoint, UploadResult result, PrintStream out,
      PrintStream err, boolean terminal) throws IOException {
    if (terminal) {
      err.println();
    }
    if (checkpoint != null) {
      Files.deleteIfExists(connectionFile(checkpoint));
    }
    out.println(json(result));
  }

  static String json(UploadResult r) throws IOException {
    ObjectNode o = JsonCodecs.nodes().objectNode();
    o.put("dialect", r.dialect());
    o.put("destination", r.destination());
    o.put("key", r.key());
    o.put("uploadId", r.uploadId());
    o.put("size", r.size());
    o.put("parts", r.parts().size());
    r.etag().ifPresent(e -> o.put("etag", e));
    r.location().ifPresent(l -> o.put("location", l));
    r.requestId().ifPresent(id -> o.put("requestId", id));
    return JsonCodecs.writer().writeValueAsString(o);
  }

  private static Path connectionFile(Path checkpoint) {
    return checkpoint.resolveSibling(checkpoint.getFileName() + ".connection.json");
  }

  private static void writeConnection(Path checkpoint, Arguments a) throws IOException {
    ObjectNode o = JsonCodecs.nodes().objectNode();
    for (String name : CONNECTION) {
      if (a.get(name) != null) {
        o.put(name.substring(2), a.get(name));
      }
    }
    o.put("path-style", a.has("--path-style"));
    Files.writeString(connectionFile(checkpoint), JsonCodecs.writer().writeValueAsString(o),
        StandardCharsets.UTF_8);
  }

  /** Fills connection options the user left out from the file beside the checkpoint. */
  private static String connection(Path checkpoint, Arguments a)
      throws UnipartCli.UsageException, IOException {
    Path file = connectionFile(checkpoint);
    if (Files.isRegularFile(file)) {
      var saved = JsonCodecs.reader().readTree(Files.readString(file, StandardCharsets.UTF_8));
      for (String name : CONNECTION) {
        if (saved.hasNonNull(name.substring(2))) {
          a.putIfAbsent(name, saved.get(name.substring(2)).asText());
        }
      }
      if (saved.path("path-style").asBoolean(false)) {
        a.addFlag("--path-style");
      }
    }
    if (a.get("--dialect") == null) {
      UploadSession session = UploadCheckpoint.read(checkpoint).session();
      a.putIfAbsent("--dialect", session.dialect());
      if (session.dialect().equals("s3") || session.dialect().equals("cos")) {
        a.putIfAbsent("--bucket", session.destination());
      }
    }
    return a.require("--dialect");
  }
}
