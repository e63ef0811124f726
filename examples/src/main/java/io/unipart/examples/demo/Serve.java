package io.unipart.examples.demo;

import io.unipart.testkit.UnipartFake;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code unipart serve DIALECT}: one of the test kit's servers in the foreground (S3: the real
 * S3Proxy with SigV4 authentication on and a bucket made; the others: the kit's stand-ins that
 * keep each provider's documented rules), printing the flags and environment variables the next
 * command needs, until Ctrl-C or SIGTERM. For trying the command line without an account.
 */
public final class Serve {
  private Serve() {}

  /**
   * Runs {@code serve} in a child JVM: {@code java -cp unipart-demo.jar ...Serve DIALECT [PORT]}.
   *
   * @param args the dialect, then optionally the port
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    System.exit(run(args[0], port, System.out, new CountDownLatch(1)));
  }

  /**
   * Starts the dialect's server, prints how to reach it, and serves until {@code stop} opens or
   * the JVM shuts down.
   *
   * @param dialect s3, cos, cognite, rum or presigned
   * @param port the loopback port, or 0 for a free one
   * @param out where the flags are printed
   * @param stop opened to stop serving (the JVM's shutdown stops it too)
   * @return the exit status
   * @throws IOException when S3Proxy's jar is missing
   * @throws InterruptedException when interrupted while serving
   */
  public static int run(String dialect, int port, PrintStream out, CountDownLatch stop)
      throws IOException, InterruptedException {
    UnipartFake fake = switch (dialect) {
      case "s3" -> UnipartFake.s3(Demo.s3proxyJar());
      case "cos" -> UnipartFake.cos();
      case "cognite" -> UnipartFake.cognite();
      case "rum" -> UnipartFake.rum();
      case "presigned" -> UnipartFake.presigned();
      default -> throw new IllegalArgumentException("serve takes s3, cos, cognite, rum or"
          + " presigned (was '" + dialect + "')");
    };
    fake.onPort(port).start();
    Thread stopper = new Thread(fake::close, "unipart-serve-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      out.println("unipart serve: a local " + what(dialect) + " at " + fake.baseUrl()
          + " (Ctrl-C stops it; what it holds goes with it)");
      out.println();
      out.println("In another shell:");
      for (Map.Entry<String, String> e : fake.environment().entrySet()) {
        out.println("  export " + e.getKey() + "=" + e.getValue());
      }
      List<String> flags = flags(fake);
      out.println("  unipart upload FILE --key " + (dialect.equals("rum") ? "1.0.0" : "demo.bin")
          + " " + String.join(" ", flags));
      out.println("  unipart init --key demo.bin " + String.join(" ", flags)
          + (dialect.equals("cognite") || dialect.equals("presigned") ? " --content-length 10MiB"
              : ""));
      if (dialect.equals("s3") || dialect.equals("cos")) {
        out.println("  unipart uploads " + String.join(" ", flags));
      }
      out.flush();
      stop.await();
      return 0;
    } finally {
      fake.close();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it closes the fake
      }
    }
  }

  private static String what(String dialect) {
    return switch (dialect) {
      case "s3" -> "S3 store (S3Proxy, SigV4 authentication on)";
      case "cos" -> "Tencent COS stand-in";
      case "cognite" -> "Cognite Data Fusion Files stand-in";
      case "rum" -> "Guance RUM sourcemap stand-in";
      default -> "presigned-upload API stand-in";
    };
  }

  /** The connection flags the CLI needs for this fake. */
  static List<String> flags(UnipartFake fake) {
    List<String> f = new ArrayList<>(List.of("--dialect", fake.dialect()));
    switch (fake.dialect()) {
      case "s3" -> f.addAll(List.of("--endpoint", fake.baseUrl(), "--region", fake.region(),
          "--bucket", fake.destination()));
      case "cos" -> f.addAll(List.of("--endpoint", fake.baseUrl(), "--region", fake.region(),
          "--bucket", fake.destination()));
      case "cognite" -> f.addAll(List.of("--base-url", fake.baseUrl(), "--project",
          fake.destination()));
      case "rum" -> f.addAll(List.of("--base-url", fake.baseUrl(), "--app-id",
          fake.destination()));
      default -> f.addAll(List.of("--base-url", fake.baseUrl(), "--project-id",
          fake.destination()));
    }
    return f;
  }
}
