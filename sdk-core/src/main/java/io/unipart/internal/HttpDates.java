package io.unipart.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * HTTP dates (RFC 9110 IMF-fixdate) and {@code Retry-After}. Not API: may change without notice.
 */
public final class HttpDates {
  private static final DateTimeFormatter IMF = DateTimeFormatter.RFC_1123_DATE_TIME;

  private HttpDates() {}

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  /**
   * Formats an instant as an HTTP date in RFC 9110's IMF-fixdate form, e.g. {@code Fri, 24 May
   * 2013 00:00:00 GMT} (two-digit day). Written by hand: it runs on every signed request.
   *
   * @param instant the instant
   * @return the date text
   */
  public static String format(Instant instant) {
    java.time.LocalDateTime t =
        java.time.LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(29);
    sb.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
    two(sb, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ')
        .append(t.getYear()).append(' ');
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    return two(sb, t.getSecond()).append(" GMT").toString();
  }

  /**
   * Formats an instant as ISO 8601 basic UTC, {@code yyyyMMdd'T'HHmmss'Z'} (SigV4's
   * {@code X-Amz-Date}), without {@code DateTimeFormatter}'s per-call cost.
   *
   * @param instant the instant, in years 0000..9999
   * @return e.g. {@code 20301201T160000Z}
   */
  public static String formatBasic(Instant instant) {
    java.time.LocalDateTime t =
        java.time.LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("year out of range for a basic date: " + year);
    }
    StringBuilder sb = new StringBuilder(16);
    two(two(sb, year / 100), year % 100);
    two(sb, t.getMonthValue());
    two(sb, t.getDayOfMonth()).append('T');
    two(sb, t.getHour());
    two(sb, t.getMinute());
    return two(sb, t.getSecond()).append('Z').toString();
  }

  private static StringBuilder two(StringBuilder sb, int value) {
    return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /**
   * Parses an HTTP date.
   *
   * @param text the header value
   * @return the instant, or null when it is not an HTTP date
   */
  public static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return IMF.parse(text.trim(), Instant::from);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Reads a {@code Retry-After} value: delay seconds or an HTTP date.
   *
   * @param value the header value, or null
   * @param now the current time, for dates
   * @return the wait (zero for dates in the past), or null when absent or unreadable
   */
  public static Duration retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException | ArithmeticException e) {
        return null;
      }
    }
    Instant at = parse(v);
    if (at == null) {
      return null;
    }
    Duration d = Duration.between(now, at);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
