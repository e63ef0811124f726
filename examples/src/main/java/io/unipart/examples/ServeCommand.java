package io.unipart.examples;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code serve DIALECT}: runs the test kit's server for one dialect in the foreground (the demo's
 * servers, which live outside the command-line jar in {@code demo/unipart-demo.jar}; in a child
 * JVM, or here where the demo's classes are on the class path).
 */
@Command(name = "serve", abbreviateSynopsis = true,
    header = "Run a local server for one dialect, to try the other commands without an account.",
    description = {"s3 runs a real S3 server (S3Proxy, SigV4 authentication on, a bucket made);"
        + " cos, cognite, rum and presigned run the test kit's stand-ins, which keep each"
        + " provider's documented rules. Prints the flags and environment variables to paste"
        + " into the next command, and serves until Ctrl-C. What it holds is gone when it"
        + " stops.", ""},
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {"  unipart serve s3",
        "  unipart serve cognite --port 8081"})
final class ServeCommand implements Callable<Integer> {
  static final String SERVE_CLASS = "io.unipart.examples.demo.Serve";

  @ParentCommand
  UnipartCli root;

  @Parameters(index = "0", paramLabel = "DIALECT",
      description = "s3, cos, cognite, rum or presigned")
  String dialect;

  @Option(names = "--port", paramLabel = "N", order = 0,
      description = "the loopback port to serve on (default: a free one)")
  int port;

  @Mixin
  HelpOption help;

  /** Opened to stop an in-process server (tests); Ctrl-C stops a child or this JVM. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (!Connection.DIALECTS.contains(dialect)) {
      throw new UsageException("serve takes s3, cos, cognite, rum or presigned (was '"
          + dialect + "')");
    }
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be 1 to 65535 (was " + port + ")");
    }
    Class<?> serve;
    try {
      serve = Class.forName(SERVE_CLASS);
    } catch (ClassNotFoundException e) {
      return inChildJvm();
    }
    try {
      return (Integer) serve.getMethod("run", String.class, int.class,
          java.io.PrintStream.class, CountDownLatch.class).invoke(null, dialect, port, root.out,
          stop);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof java.io.UncheckedIOException u
          && u.getCause() instanceof java.net.BindException) {
        throw new UsageException("--port " + port + " is taken; choose another, or leave"
            + " --port out for a free one");
      }
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  private int inChildJvm() throws Exception {
    return DemoCommand.inDemoJar(List.of("-cp"), List.of(SERVE_CLASS, dialect,
        String.valueOf(port)));
  }
}
