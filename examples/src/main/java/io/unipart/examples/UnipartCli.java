package io.unipart.examples;

import io.unipart.InvalidRequestException;
import io.unipart.ServiceException;
import io.unipart.TransportException;
import io.unipart.UploadException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@code unipart} command line: {@code demo}, {@code init}, {@code upload}, {@code resume}
 * and {@code abort}.
 *
 * <pre>
 * java -jar examples/target/unipart.jar demo
 * java -jar examples/target/unipart.jar init --dialect s3 --endpoint URL --region R --bucket B --key K
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 the provider or the network failed, 2 bad usage or input.
 */
public final class UnipartCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      String.join(
          "\n",
          "usage: unipart <command> [options]",
          "",
          "  demo   start local servers (a real S3 server with auth on, stubs of the other",
          "         providers) and initiate uploads through every dialect",
          "",
          "  init --dialect s3 --endpoint URL --region R --bucket B --key K",
          "       [--content-type T] [--storage-class C] [--meta name=value]... [--path-style]",
          "       [--sse-c-key-file PATH]  SSE-C: a 256-bit key, 32 raw bytes or base64, read",
          "       from the file (never an argument); init, upload and resume take it (s3, cos)",
          "       credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN",
          "",
          "  init --dialect cos --region R --bucket NAME-APPID --key K [--endpoint URL]",
          "       [--content-type T] [--storage-class C] [--acl A] [--meta name=value]...",
          "       [--sse-c-key-file PATH]",
          "       credentials from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY,",
          "       TENCENTCLOUD_SESSION_TOKEN",
          "",
          "  init --dialect cognite --base-url URL --project P --name N [--external-id X]",
          "       [--mime-type T] (--parts N | --content-length L) [--overwrite]",
          "       token from COGNITE_TOKEN, or client credentials from COGNITE_TOKEN_URL,",
          "       COGNITE_CLIENT_ID, COGNITE_CLIENT_SECRET, COGNITE_SCOPES",
          "",
          "  init --dialect rum --base-url URL --app-id A [--version V] [--env E] [--overwrite]",
          "       API key from DF_API_KEY",
          "",
          "  init --dialect presigned --base-url URL --project-id P --file-name F",
          "       (--parts N | --content-length L --part-size S) [--mime-type T]",
          "       token from PRESIGNED_API_TOKEN, sent as Authorization: Bearer <token>",
          "",
          "  upload FILE --dialect D <the connection options of init> --key K",
          "       [--part-size BYTES] [--concurrency N] [--checkpoint PATH] [--content-type T]",
          "       uploads a whole file (FILE '-' reads standard input) and prints the result;",
          "       with --checkpoint a failed upload is kept for resume. --key is the object",
          "       key (s3, cos), file name (cognite, presigned) or sourcemap version (rum, with",
          "       --app-id A [--env E] [--overwrite]); cognite and presigned need a FILE",
          "",
          "  resume --checkpoint PATH FILE   finishes an interrupted upload; refused, with",
          "       nothing sent, when FILE is not the file the upload was sent from",
          "  resume --session SESSION.json FILE <connection options>",
          "       sends FILE into the upload init started (the JSON init printed)",
          "  abort --checkpoint PATH         aborts it",
          "  abort --session SESSION.json <connection options>",
          "  abort --dialect s3|cos <connection options> --key K --upload-id ID",
          "",
          "  uploads --dialect s3|cos <connection options> [--prefix P]",
          "       lists the uploads in progress: start time, upload id, key",
          "  cleanup --dialect s3|cos <connection options> --older-than AGE [--prefix P] [--yes]",
          "       lists the uploads started more than AGE ago (90s, 30m, 24h, 7d); aborts",
          "       them only with --yes",
          "",
          "  init prints the session as JSON; --debug adds stack traces and HTTP attempt logs",
          "");

  private UnipartCli() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /** Runs a command; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    boolean debug = Arrays.asList(args).contains("--debug");
    if (debug) {
      System.setProperty("org.slf4j.simpleLogger.log.io.unipart", "debug");
    }
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      (args.length == 0 ? err : out).print(USAGE_TEXT);
      return args.length == 0 ? USAGE : OK;
    }
    try {
      switch (args[0]) {
        case "demo":
          return Demo.run(out);
        case "init":
          return InitCommand.run(Arrays.copyOfRange(args, 1, args.length), out, env);
        case "upload":
          return UploadCommand.upload(Arrays.copyOfRange(args, 1, args.length), out, err, env,
              System.console() != null);
        case "resume":
          return UploadCommand.resume(Arrays.copyOfRange(args, 1, args.length), out, err, env,
              System.console() != null);
        case "abort":
          return UploadCommand.abort(Arrays.copyOfRange(args, 1, args.length), out, env);
        case "uploads":
          return OrphanCommand.uploads(Arrays.copyOfRange(args, 1, args.length), out, env);
        case "cleanup":
          return OrphanCommand.cleanup(Arrays.copyOfRange(args, 1, args.length), out, err, env,
              java.time.Clock.systemUTC());
        default:
          err.println("error: unknown command '" + args[0] + "'");
          err.print(USAGE_TEXT);
          return USAGE;
      }
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    } catch (UploadException e) {
      err.println(oneLine(e));
      if (e.getCause() instanceof UploadException) {
        err.println("  caused by " + oneLine((UploadException) e.getCause()).substring(7));
      }
      if (debug) {
        e.printStackTrace(err);
      }
      return e instanceof InvalidRequestException ? USAGE : FAILED;
    } catch (Exception e) {
      err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      if (debug) {
        e.printStackTrace(err);
      }
      return FAILED;
    }
  }

  /** One clear line: error type, provider code, message, request id. */
  static String oneLine(UploadException e) {
    String type = e.getClass().getSimpleName();
    if (e instanceof ServiceException) {
      ServiceException s = (ServiceException) e;
      return "error: "
          + type
          + " (HTTP "
          + s.httpStatus()
          + (s.errorCode() == null ? "" : ", code " + s.errorCode())
          + "): "
          + s.errorMessage()
          + (s.requestId() == null ? "" : " [request id " + s.requestId() + "]");
    }
    if (e instanceof TransportException) {
      return "error: " + type + " after " + e.attempts() + " attempt(s): " + e.getMessage();
    }
    return "error: " + type + ": " + e.getMessage();
  }

  /** Bad command-line usage. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
