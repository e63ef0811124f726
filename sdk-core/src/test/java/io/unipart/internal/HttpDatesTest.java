package io.unipart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written date formats, checked against the JDK's {@code DateTimeFormatter}. */
class HttpDatesTest {
  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter IMF =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  @Test
  void bothFormatsAgreeWithTheJdkOverRandomInstants() {
    Random random = new Random(1122);
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(Math.floorMod(random.nextLong(), max), random.nextInt());
      assertEquals(BASIC.format(t), HttpDates.formatBasic(t), t.toString());
      assertEquals(IMF.format(t), HttpDates.format(t), t.toString());
    }
  }

  @Test
  void basicFormatPadsEveryField() {
    assertEquals("20150830T123600Z", HttpDates.formatBasic(Instant.parse("2015-08-30T12:36:00Z")));
    assertEquals("00010102T030405Z", HttpDates.formatBasic(Instant.parse("0001-01-02T03:04:05Z")));
    assertThrows(IllegalArgumentException.class,
        () -> HttpDates.formatBasic(Instant.parse("+10000-01-01T00:00:00Z")));
  }
}
