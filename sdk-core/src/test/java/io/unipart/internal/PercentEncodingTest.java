package io.unipart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 3986 encoding checked against the JDK's form encoder, adjusted to RFC 3986's rules. */
class PercentEncodingTest {
  private static final String ALPHABET =
      "aZ09-._~/ +*%&=?#:@!$'()[],;\"<>\\^`{|}é中\uD83D\uDE00\u0000\u007f";

  private static String reference(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  @Test
  void matchesTheJdkFormEncoderOnRandomMixedText() {
    Random random = new Random(20261122);
    for (int n = 0; n < 5_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(12);
      for (int i = 0; i < len; i++) {
        int at = random.nextInt(ALPHABET.length());
        char c = ALPHABET.charAt(at);
        if (Character.isLowSurrogate(c)) {
          continue; // only whole pairs: a lone surrogate has no UTF-8 form
        }
        sb.append(c);
        if (Character.isHighSurrogate(c)) {
          sb.append(ALPHABET.charAt(at + 1));
        }
      }
      String s = sb.toString();
      assertEquals(reference(s), PercentEncoding.encode(s), s);
      assertEquals(reference(s).replace("%2F", "/"), PercentEncoding.encodePath(s), s);
      assertEquals(s, PercentEncoding.decode(PercentEncoding.encode(s)), s);
    }
  }

  @Test
  void cleanTextComesBackAsIsWithoutCopying() {
    String s = "Already-Clean_text.v2~";
    assertSame(s, PercentEncoding.encode(s));
    String path = "videos/2026/intro.mp4";
    assertSame(path, PercentEncoding.encodePath(path));
    assertEquals("videos%2F2026%2Fintro.mp4", PercentEncoding.encode(path));
  }

  @Test
  void encodesTheTailAfterTheFirstNonAsciiCharacter() {
    assertEquals("a%2Fb%E4%B8%AD%2Fc~d", PercentEncoding.encode("a/b中/c~d"));
    assertEquals("a/b%E4%B8%AD/c%20d", PercentEncoding.encodePath("a/b中/c d"));
  }

  /**
   * Decoding of arbitrary text (bad escapes, escapes of invalid UTF-8, raw non-ASCII) agrees with
   * the byte-stream decoder it replaced on the hot path, and with the JDK's form decoder wherever
   * that decoder applies (no '+', which it turns into a space, and only whole escapes).
   */
  @Test
  void decodingAgreesWithTheGeneralDecoderAndTheJdk() {
    Random random = new Random(7);
    String pieces = "a/Z9 %%2%4%41%e4%b8%ad%FF%C3%zz\u00e9\u4e2d\uD83D\uDE00~";
    for (int n = 0; n < 5_000; n++) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(10); i > 0; i--) {
        int at = random.nextInt(pieces.length());
        char c = pieces.charAt(at);
        if (Character.isLowSurrogate(c)) {
          continue;
        }
        sb.append(c);
        if (Character.isHighSurrogate(c)) {
          sb.append(pieces.charAt(at + 1));
        }
      }
      String s = sb.toString();
      assertEquals(PercentEncoding.decodeSlow(s), PercentEncoding.decode(s), s);
    }
    assertEquals("intro final \u4e2d.mp4", PercentEncoding.decode("intro%20final%20%E4%B8%AD.mp4"));
    assertEquals(java.net.URLDecoder.decode("a%2Fb%E4%B8%AD%7E", StandardCharsets.UTF_8),
        PercentEncoding.decode("a%2Fb%E4%B8%AD%7E"));
    assertEquals("100%", PercentEncoding.decode("100%"));
  }
}
