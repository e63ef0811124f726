package io.unipart.examples;

import picocli.CommandLine.Option;

/** {@code --limit-rate RATE} on the commands that send parts ({@code upload}, {@code resume}). */
final class LimitRateOption {
  @Option(names = "--limit-rate", paramLabel = "RATE", order = 41,
      converter = Units.Rate.class,
      description = "send at most this many bytes per second, all parts together, e.g."
          + " 50MiB/s (default: no limit)")
  Long bytesPerSecond;
}
