package io.unipart.examples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes with units ({@code 16MiB}, {@code 5GB}, {@code 8388608}) and ages ({@code 90s},
 * {@code 24h}, {@code 7d}, ISO-8601 {@code PT36H}) as command-line values.
 */
final class Units {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern AGE = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");

  /** Binary (KiB, MiB: 1024) and decimal (KB, MB: 1000) units; a bare K/M/G/T is binary. */
  private static final Map<String, Long> FACTORS = Map.ofEntries(
      Map.entry("", 1L), Map.entry("b", 1L),
      Map.entry("k", 1L << 10), Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10),
      Map.entry("kb", 1_000L),
      Map.entry("m", 1L << 20), Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
      Map.entry("mb", 1_000_000L),
      Map.entry("g", 1L << 30), Map.entry("gi", 1L << 30), Map.entry("gib", 1L << 30),
      Map.entry("gb", 1_000_000_000L),
      Map.entry("t", 1L << 40), Map.entry("ti", 1L << 40), Map.entry("tib", 1L << 40),
      Map.entry("tb", 1_000_000_000_000L));

  private Units() {}

  /**
   * Bytes from {@code 8388608}, {@code 16MiB}, {@code 16M} (binary), {@code 5GB} (decimal) or
   * {@code 1.5GiB}.
   */
  static long bytes(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new TypeConversionException("'" + text + "' is not a size; use bytes or a unit, such"
          + " as 8388608, 16MiB or 5GB");
    }
    long factor = FACTORS.get(m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT));
    double value = Double.parseDouble(m.group(1)) * factor;
    if (value != Math.rint(value) || value > Long.MAX_VALUE) {
      throw new TypeConversionException("'" + text + "' is not a whole number of bytes; use"
          + " bytes or a unit, such as 8388608, 16MiB or 5GB");
    }
    return (long) value;
  }

  /** An age: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w} or ISO-8601. */
  static Duration age(String text) {
    String t = text.trim();
    Matcher m = AGE.matcher(t.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "s":
            return Duration.ofSeconds(n);
          case "m":
            return Duration.ofMinutes(n);
          case "h":
            return Duration.ofHours(n);
          case "d":
            return Duration.ofDays(n);
          default:
            return Duration.ofDays(7 * n);
        }
      }
      Duration d = Duration.parse(t);
      if (!d.isNegative()) {
        return d;
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // the message below says what is accepted
    }
    throw new TypeConversionException("'" + text + "' is not an age; use such as 90s, 30m, 24h"
        + " or 7d");
  }

  /** Human-readable bytes: {@code 512 B}, {@code 16.0 MiB}. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** {@code 45s}, {@code 3m05s}, {@code 2h10m}. */
  static String clock(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }

  /** Picocli converter for sizes. */
  static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return bytes(value);
    }
  }

  /** A rate in bytes per second: a size, with or without {@code /s} ({@code 50MiB/s}). */
  static long rate(String text) {
    String t = text.trim();
    String size = t.toLowerCase(Locale.ROOT).endsWith("/s") ? t.substring(0, t.length() - 2) : t;
    long bytes;
    try {
      bytes = bytes(size);
    } catch (TypeConversionException e) {
      throw new TypeConversionException("'" + text + "' is not a rate; use bytes per second or a"
          + " unit, such as 50MiB/s or 10MB/s");
    }
    if (bytes < 1) {
      throw new TypeConversionException("'" + text + "' is not a rate: it must be at least 1"
          + " byte per second");
    }
    return bytes;
  }

  /** Picocli converter for rates. */
  static final class Rate implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return rate(value);
    }
  }

  /** Picocli converter for ages. */
  static final class Age implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return age(value);
    }
  }
}
