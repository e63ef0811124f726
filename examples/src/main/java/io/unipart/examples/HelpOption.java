package io.unipart.examples;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} on every subcommand. */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, order = 100,
      description = "show this help, with examples, and exit")
  boolean help;
}
