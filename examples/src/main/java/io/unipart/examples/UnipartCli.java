package io.unipart.examples;

import io.unipart.InvalidRequestException;
import io.unipart.UploadEventListener;
import io.unipart.UploadException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code unipart} command line: {@code demo}, {@code init}, {@code upload}, {@code resume},
 * {@code abort}, {@code uploads} and {@code cleanup}, each with its own {@code --help}.
 *
 * <pre>
 * unipart demo
 * unipart upload video.mp4 --dialect s3 --aws eu-central-1 --bucket media --key v/video.mp4
 * </pre>
 *
 * <p>Exit codes: 0 success; 1 the provider or the network failed; 2 bad usage or input; 130
 * interrupted (Ctrl-C or SIGTERM).
 */
@Command(name = "unipart", mixinStandardHelpOptions = true,
    versionProvider = UnipartCli.Version.class,
    header = "Multipart uploads to S3-compatible storage, Tencent COS, Cognite Data Fusion,"
        + " Guance RUM sourcemaps and presigned-URL APIs.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {DemoCommand.class, ServeCommand.class, InitCommand.class,
        UploadCommand.class, ResumeCommand.class, AbortCommand.class, UploadsCommand.class,
        CleanupCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0    success",
        "  1    the provider or the network failed",
        "  2    bad usage or input (nothing was sent)",
        "  130  interrupted (Ctrl-C or SIGTERM)",
        "",
        "Run 'unipart help COMMAND' or 'unipart COMMAND --help' for a command's options and"
            + " examples."})
public final class UnipartCli implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int INTERRUPTED = 130;

  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  final InputStream stdin;
  final boolean terminal;
  final boolean handleSignals;
  final Clock clock;
  boolean debug;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "print stack traces and every HTTP attempt (never credentials)")
  boolean debugFlag;

  /** {@code --quiet}: errors only on standard error. */
  boolean quiet;

  @Option(names = {"--quiet", "-q"}, scope = CommandLine.ScopeType.INHERIT,
      description = "print only errors on standard error: no progress, retry notices or warnings")
  boolean quietFlag;

  /** For picocli's tools (the completion script generator): the real streams and environment. */
  public UnipartCli() {
    this(System.out, System.err, System.getenv(), System.in, false, false, Clock.systemUTC());
  }

  UnipartCli(PrintStream out, PrintStream err, Map<String, String> env, InputStream stdin,
      boolean terminal, boolean handleSignals, Clock clock) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stdin = stdin;
    this.terminal = terminal;
    this.handleSignals = handleSignals;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    err.println("error: a command is required");
    err.println("Try 'unipart --help' for the commands.");
    return USAGE;
  }

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    // stdin through a FileChannel: a read blocked on a pipe ends when Ctrl-C interrupts it.
    InputStream stdin = Channels.newInputStream(new FileInputStream(FileDescriptor.in)
        .getChannel());
    UnipartCli root = new UnipartCli(System.out, System.err, System.getenv(), stdin,
        System.console() != null, true, Clock.systemUTC());
    System.exit(root.execute(args));
  }

  /** Runs a command in this JVM, with {@code System.in} as standard input; returns its status. */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return new UnipartCli(out, err, env, System.in, false, false, Clock.systemUTC())
        .execute(args);
  }

  int execute(String[] args) {
    debug = Arrays.asList(args).contains("--debug");
    quiet = !debug && (Arrays.asList(args).contains("--quiet")
        || Arrays.asList(args).contains("-q"));
    if (debug) {
      System.setProperty("org.slf4j.simpleLogger.log.io.unipart", "debug");
    } else if (quiet) {
      System.setProperty("org.slf4j.simpleLogger.log.io.unipart", "error");
    }
    return commandLine().execute(args);
  }

  CommandLine commandLine() {
    CommandLine cl = new CommandLine(this);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setUsageHelpWidth(100);
    cl.setParameterExceptionHandler(this::usageError);
    cl.setExecutionExceptionHandler(this::failure);
    // uploads and cleanup list what s3 and cos hold: their help shows only the flags they take.
    java.util.Set<String> listing = new java.util.HashSet<>(Connection.FLAGS.get("s3"));
    listing.addAll(Connection.FLAGS.get("cos"));
    listing.add("--dialect");
    listing.remove("--checksum-algorithm");
    listing.remove("--trust-store-checks");
    for (String name : java.util.List.of("uploads", "cleanup")) {
      CommandLine.Model.CommandSpec spec = cl.getSubcommands().get(name).getCommandSpec();
      for (CommandLine.Model.OptionSpec o : new java.util.ArrayList<>(spec.options())) {
        if (Connection.ALL_FLAGS.contains(o.longestName())
            && !listing.contains(o.longestName())) {
          spec.remove(o);
        }
      }
    }
    return cl;
  }

  /**
   * What the tool says while a call waits to be tried again: one line on standard error for each
   * wait of a second or more (shorter ones pass unnoticed), nothing with {@code --quiet}.
   */
  UploadEventListener notices() {
    if (quiet) {
      return UploadEventListener.NONE;
    }
    return new UploadEventListener() {
      @Override
      public void retryScheduled(RetryEvent r) {
        if (r.delay().compareTo(java.time.Duration.ofSeconds(1)) >= 0) {
          err.println(retryLine(r));
        }
      }
    };
  }

  /** e.g. {@code retrying: cognite initiate failed (HTTP 502): retry 2 of 10 in 4.1 s}. */
  static String retryLine(UploadEventListener.RetryEvent r) {
    return String.format(java.util.Locale.ROOT, "retrying: %s %s failed (%s): retry %d of %d"
        + " in %.1f s", r.dialect(), r.call(), r.reason(), r.retry(), r.of(),
        r.delay().toMillis() / 1000.0);
  }

  /** How the tool is started, for the commands it prints: {@code unipart} or {@code java -jar}. */
  static String launcher() {
    String named = System.getProperty("unipart.launcher");
    if (named != null && !named.isEmpty()) {
      return named;
    }
    try {
      Path code = Path.of(UnipartCli.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      if (code.toString().endsWith(".jar")) {
        return "java -jar " + Shell.quote(code.toString());
      }
    } catch (Exception e) {
      // fall back to the launcher's name
    }
    return "unipart";
  }

  private int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException u && cl.getCommandSpec().parent() == null
        && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
      message = "unknown command '" + u.getUnmatched().get(0) + "'";
    }
    err.println("error: " + message);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more"
        + " information.");
    return USAGE;
  }

  private int failure(Exception e, CommandLine cl, ParseResult parsed) {
    String help = "Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more"
        + " information.";
    if (e instanceof UsageException) {
      err.println("error: " + e.getMessage());
      err.println(help);
      return USAGE;
    }
    if (e instanceof UploadException u) {
      err.println(Errors.oneLine(u));
      if (u.getCause() instanceof UploadException c) {
        err.println("  caused by " + Errors.oneLine(c).substring("error: ".length()));
      }
      stackTrace(e);
      if (u instanceof InvalidRequestException) {
        err.println(help); // a value the library refused before any call: the flags are wrong
        return USAGE;
      }
      return FAILED;
    }
    Throwable t = e instanceof UncheckedIOException ? e.getCause() : e;
    if (t instanceof NoSuchFileException f) {
      err.println("error: " + f.getFile() + ": no such file");
      err.println(help);
      return USAGE;
    }
    if (t instanceof AccessDeniedException f) {
      err.println("error: " + f.getFile() + ": permission denied");
      err.println(help);
      return USAGE;
    }
    if (t instanceof FileSystemException f) {
      err.println("error: " + f.getFile() + ": " + f.getReason());
      err.println(help);
      return USAGE;
    }
    if (t instanceof IOException) {
      err.println("error: " + t.getMessage());
      err.println(help);
      stackTrace(e);
      return USAGE;
    }
    err.println("error: unexpected failure: " + e.getMessage()
        + (debug ? "" : " (run with --debug for details)"));
    stackTrace(e);
    return FAILED;
  }

  private void stackTrace(Exception e) {
    if (debug) {
      e.printStackTrace(err);
    }
  }

  /** The version from the build, shown by {@code --version}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = UnipartCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"unipart " + p.getProperty("version", "(development build)"),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
              + ")"};
    }
  }
}
