package io.unipart.examples;

import io.unipart.MultipartClient;
import io.unipart.PendingUpload;
import io.unipart.UploadException;
import io.unipart.UploadSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Uploads left open on the server, found and ended without a checkpoint: {@code uploads} lists
 * them, {@code cleanup} aborts those older than a given age (only with {@code --yes}), and {@code
 * abort} ends one by its upload id, or by the session {@code init} printed.
 */
final class OrphanCommand {
  private static final Set<String> S3_OPTIONS =
      Set.of("--endpoint", "--region", "--bucket", "--path-style", "--prefix", "--older-than",
          "--yes", "--key", "--upload-id", "--session", "--sse-c-key-file");
  private static final Set<String> COS_OPTIONS =
      Set.of("--endpoint", "--region", "--bucket", "--prefix", "--older-than", "--yes", "--key",
          "--upload-id", "--session", "--sse-c-key-file");

  private OrphanCommand() {}

  /** {@code uploads --dialect s3|cos <connection> [--prefix P]}. */
  static int uploads(String[] args, PrintStream out, Map<String, String> env)
      throws UnipartCli.UsageException {
    Arguments a = Arguments.parse(args);
    try (MultipartClient client = listingClient(a, env)) {
      String prefix = a.get("--prefix") == null ? "" : a.get("--prefix");
      List<PendingUpload> uploads = client.listUploads(prefix);
      print(uploads, out);
      out.println(uploads.size() + (uploads.size() == 1 ? " upload" : " uploads")
          + " in progress" + (prefix.isEmpty() ? "" : " under \"" + prefix + "\""));
    }
    return UnipartCli.OK;
  }

  /** {@code cleanup --dialect s3|cos <connection> --older-than AGE [--prefix P] [--yes]}. */
  static int cleanup(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
      Clock clock) throws UnipartCli.UsageException {
    Arguments a = Arguments.parse(args);
    Duration age = duration("--older-than", a.require("--older-than"));
    Instant cutoff = clock.instant().minus(age);
    int failed = 0;
    try (MultipartClient client = listingClient(a, env)) {
      String prefix = a.get("--prefix") == null ? "" : a.get("--prefix");
      List<PendingUpload> old = new ArrayList<>();
      int undated = 0;
      for (PendingUpload u : client.listUploads(prefix)) {
        if (u.initiated().isEmpty()) {
          undated++;
        } else if (u.initiated().get().isBefore(cutoff)) {
          old.add(u);
        }
      }
      print(old, out);
      if (undated > 0) {
        err.println("note: " + undated + " upload(s) show no start time and are left alone");
      }
      if (old.isEmpty()) {
        out.println("0 upload(s) started before " + cutoff + "; nothing to abort");
        return UnipartCli.OK;
      }
      if (!a.has("--yes")) {
        out.println(old.size() + " upload(s) started before " + cutoff + " would be aborted;"
            + " run again with --yes to abort them");
        return UnipartCli.OK;
      }
      for (PendingUpload u : old) {
        try {
          client.abort(u.session());
          out.println("aborted " + u.uploadId() + " " + u.key());
        } catch (UploadException e) {
          failed++;
          err.println("could not abort " + u.uploadId() + " " + u.key() + ": "
              + UnipartCli.oneLine(e).substring("error: ".length()));
        }
      }
      out.println((old.size() - failed) + " upload(s) aborted"
          + (failed > 0 ? ", " + failed + " failed" : ""));
    }
    return failed > 0 ? UnipartCli.FAILED : UnipartCli.OK;
  }

  /**
   * {@code abort --dialect s3|cos <connection> --key K --upload-id ID}, or {@code abort --session
   * FILE <connection>} with the JSON {@code init} printed.
   */
  static int abortOne(String[] args, PrintStream out, Map<String, String> env)
      throws UnipartCli.UsageException, IOException {
    Arguments a = Arguments.parse(args);
    UploadSession session;
    if (a.get("--session") != null) {
      session = readSession(a);
      a.putIfAbsent("--dialect", session.dialect());
      if (session.dialect().equals("s3") || session.dialect().equals("cos")) {
        a.putIfAbsent("--bucket", session.destination());
      }
    } else {
      session = null;
    }
    String dialect = a.require("--dialect");
    if (session == null) {
      if (!dialect.equals("s3") && !dialect.equals("cos")) {
        throw new UnipartCli.UsageException("abort --upload-id works for s3 and cos; for "
            + dialect + ", give the --session that init printed, or the --checkpoint");
      }
      session = UploadSession.builder().dialect(dialect).destination(a.require("--bucket"))
          .key(a.require("--key")).uploadId(a.require("--upload-id"))
          .initiatedAt(Instant.EPOCH).build();
    }
    List<AutoCloseable> resources = new ArrayList<>();
    try (MultipartClient client = UploadCommand.clientFor(dialect, a, env, resources)) {
      if (!client.capabilities().canAbort()) {
        throw new UnipartCli.UsageException(dialect + " uploads cannot be aborted");
      }
      client.abort(session);
    } finally {
      InitCommand.closeAll(resources);
    }
    out.println("aborted " + session.dialect() + " upload " + session.uploadId() + " of \""
        + session.key() + "\"");
    return UnipartCli.OK;
  }

  /** The session in {@code --session FILE}, as {@code init} printed it. */
  static UploadSession readSession(Arguments a) throws UnipartCli.UsageException, IOException {
    Path file = Path.of(a.require("--session"));
    if (!Files.isRegularFile(file)) {
      throw new UnipartCli.UsageException("--session " + file + " is not a file");
    }
    return UploadSession.fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static MultipartClient listingClient(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    String dialect = a.require("--dialect");
    switch (dialect) {
      case "s3":
        a.allowOnly(dialect, S3_OPTIONS);
        return InitCommand.s3Client(a, env);
      case "cos":
        a.allowOnly(dialect, COS_OPTIONS);
        return InitCommand.cosClient(a, env);
      default:
        throw new UnipartCli.UsageException("only s3 and cos can list uploads in progress"
            + " (--dialect s3 or cos)");
    }
  }

  private static void print(List<PendingUpload> uploads, PrintStream out) {
    if (uploads.isEmpty()) {
      return;
    }
    int idWidth = "UPLOAD ID".length();
    for (PendingUpload u : uploads) {
      idWidth = Math.max(idWidth, u.uploadId().length());
    }
    String row = "%-24s  %-" + idWidth + "s  %s%n";
    out.printf(row, "INITIATED", "UPLOAD ID", "KEY");
    for (PendingUpload u : uploads) {
      out.printf(row, u.initiated().map(Instant::toString).orElse("-"), u.uploadId(), u.key());
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, or ISO-8601 such as {@code PT36H}. */
  static Duration duration(String option, String text) throws UnipartCli.UsageException {
    try {
      if (text.matches("\\d+[smhd]")) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        switch (text.charAt(text.length() - 1)) {
          case 's':
            return Duration.ofSeconds(n);
          case 'm':
            return Duration.ofMinutes(n);
          case 'h':
            return Duration.ofHours(n);
          default:
            return Duration.ofDays(n);
        }
      }
      Duration d = Duration.parse(text);
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      // the usage error below says what is accepted
    }
    throw new UnipartCli.UsageException(option + " takes an age such as 90s, 30m, 24h or 7d"
        + " (was '" + text + "')");
  }
}
