package io.unipart.examples;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: runs the demo, whose local servers live outside the command-line jar ({@code
 * demo/unipart-demo.jar} and {@code demo/s3proxy.jar} beside {@code unipart.jar}), in a child
 * JVM. Where the demo's classes are on the class path (a build tree, the tests), it runs here.
 */
@Command(name = "demo", abbreviateSynopsis = true,
    header = "Start local servers and upload through all five dialects; no cloud account"
        + " needed.",
    description = {"Starts a real S3-compatible server (S3Proxy, SigV4 authentication on) and"
        + " local stand-ins of Tencent COS, Cognite Data Fusion, Guance RUM and a presigned-URL"
        + " API, uploads one generated file through each dialect, initiates uploads with each"
        + " dialect's options, prints both as tables, and stops the servers.", ""},
    footerHeading = "%nExamples:%n",
    footer = {"  unipart demo",
        "  java -jar examples/target/unipart.jar demo",
        "",
        "The servers come from demo/ beside unipart.jar (built by 'mvn package')."})
final class DemoCommand implements Callable<Integer> {
  static final String DEMO_CLASS = "io.unipart.examples.demo.Demo";

  @ParentCommand
  UnipartCli root;

  @Mixin
  HelpOption help;

  @Override
  public Integer call() throws Exception {
    Class<?> demo;
    try {
      demo = Class.forName(DEMO_CLASS);
    } catch (ClassNotFoundException e) {
      return inChildJvm();
    }
    try {
      return (Integer) demo.getMethod("run", PrintStream.class).invoke(null, root.out);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  private int inChildJvm() throws Exception {
    return inDemoJar(List.of("-jar"), List.of());
  }

  /**
   * Runs a class of the demo's jar ({@code demo/unipart-demo.jar} beside {@code unipart.jar}) in a
   * child JVM that shares this one's terminal, and waits for it.
   *
   * @param before the java launcher's arguments before the jar ({@code -jar}, or {@code -cp})
   * @param after what follows the jar (a main class and its arguments, or nothing)
   * @return the child's exit status, or 130 when this one was interrupted
   */
  static int inDemoJar(List<String> before, List<String> after) throws Exception {
    Path home = Path.of(UnipartCli.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).getParent();
    Path jar = home.resolve("demo").resolve("unipart-demo.jar");
    if (!Files.isRegularFile(jar)) {
      throw new UsageException("the demo's servers are not installed: " + jar + " is missing"
          + " (run 'mvn package' in the unipart checkout)");
    }
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(before);
    command.add(jar.toString());
    command.addAll(after);
    Process p = new ProcessBuilder(command).inheritIO().start();
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      return UnipartCli.INTERRUPTED;
    }
  }
}
