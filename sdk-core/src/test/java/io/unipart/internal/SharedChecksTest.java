package io.unipart.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks, encodings and digests dialects share. */
class SharedChecksTest {

  static InvalidRequestException rejected(Runnable r) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, r::run);
    assertThat(e).isNotNull();
    return e;
  }

  @Test
  void headerValuesRefuseLineBreaksAndNonAscii() {
    FieldChecks.headerValue("f", null);
    FieldChecks.headerValue("f", "plain text\twith tab ~");
    assertThat(rejected(() -> FieldChecks.headerValue("f", "a\rb")).rule()).contains("CR or LF");
    assertThat(rejected(() -> FieldChecks.headerValue("f", "a\nb")).rule()).contains("CR or LF");
    assertThat(rejected(() -> FieldChecks.headerValue("f", "café")).rule())
        .contains("U+00E9").contains("index 3");
    assertThat(rejected(() -> FieldChecks.headerValue("f", "a\u0000")).rule()).contains("U+0000");
    assertThat(rejected(() -> FieldChecks.headerValue("f", "a\u007f")).rule()).contains("U+007F");
  }

  @Test
  void tokensAreRfc9110Tchars() {
    FieldChecks.token("t", "Abc-1.2_x!#$%&'*+^`|~");
    assertThat(rejected(() -> FieldChecks.token("t", "")).rule()).contains("empty");
    assertThat(rejected(() -> FieldChecks.token("t", null)).rule()).contains("empty");
    for (String bad : new String[] {"a b", "a:b", "a(b", "a\"b", "a/b", "é", "a@b", "a,b"}) {
      assertThat(rejected(() -> FieldChecks.token("t", bad)).field()).isEqualTo("t");
    }
  }

  @Test
  void utf8NeedsWellFormedUnicode() {
    assertThat(FieldChecks.utf8("f", "é🎉")).hasSize(6);
    assertThat(rejected(() -> FieldChecks.utf8("f", "a\uD800")).rule()).contains("surrogate");
    assertThat(rejected(() -> FieldChecks.utf8("f", "\uDC00a")).rule()).contains("surrogate");
  }

  @Test
  void controlCharactersAreNamed() {
    FieldChecks.noControlCharacters("f", "ok 🎉");
    assertThat(rejected(() -> FieldChecks.noControlCharacters("f", "ab\u0085")).rule())
        .contains("U+0085").contains("index 2");
  }

  @Test
  void base64HasTheRightLength() {
    assertThat(FieldChecks.base64("f", "AAECAw==", 4)).containsExactly(0, 1, 2, 3);
    assertThat(rejected(() -> FieldChecks.base64("f", "AAECAw==", 5)).rule())
        .contains("5 bytes (decodes to 4)");
    assertThat(rejected(() -> FieldChecks.base64("f", "@@", 1)).rule()).contains("base64");
  }

  @Test
  void customerKeysMatchTheirMd5() {
    byte[] key = new byte[32];
    key[5] = 5;
    String k = Base64.getEncoder().encodeToString(key);
    String md5 = Base64.getEncoder().encodeToString(Digests.md5(key));
    FieldChecks.customerKey("sse", k, md5);
    assertThat(rejected(() -> FieldChecks.customerKey("sse", k, null)).field())
        .isEqualTo("sse.customerKey");
    assertThat(rejected(() -> FieldChecks.customerKey("sse", k,
        Base64.getEncoder().encodeToString(new byte[16]))).field()).isEqualTo("sse.customerKeyMd5");
    assertThat(rejected(() -> FieldChecks.customerKey("sse",
        Base64.getEncoder().encodeToString(new byte[31]), md5)).field())
        .isEqualTo("sse.customerKey");
  }

  @Test
  void metadataRules() {
    Map<String, String> ok = new LinkedHashMap<>();
    ok.put("owner", "a");
    ok.put("team", "é");
    FieldChecks.metadata(ok, 100, false, "");
    assertThat(rejected(() -> FieldChecks.metadata(ok, 100, true, "")).field())
        .isEqualTo("metadata[team]");
    assertThat(rejected(() -> FieldChecks.metadata(Map.of("my_x", "v"), 100, true, "_")).rule())
        .contains("'_'");
    Map<String, String> dup = new LinkedHashMap<>();
    dup.put("Owner", "a");
    dup.put("owner", "b");
    assertThat(rejected(() -> FieldChecks.metadata(dup, 100, true, "")).rule())
        .contains("given twice");
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("a", null);
    assertThat(rejected(() -> FieldChecks.metadata(nullValue, 100, true, "")).rule())
        .contains("null");
    assertThat(rejected(() -> FieldChecks.metadata(Map.of("a", "x\ny"), 100, false, "")).rule())
        .contains("CR or LF");
    assertThat(rejected(() -> FieldChecks.metadata(Map.of("a", "x\u0001"), 100, false, ""))
        .rule()).contains("control");
    FieldChecks.metadata(Map.of("ab", "cd"), 4, true, "");
    assertThat(rejected(() -> FieldChecks.metadata(Map.of("ab", "cde"), 4, true, "")).rule())
        .contains("at most 4 bytes").contains("was 5");
  }

  @Test
  void durationsAndCredentials() {
    assertThat(FieldChecks.positiveOrNull("d", null)).isNull();
    assertThat(FieldChecks.positiveOrNull("d", Duration.ofMillis(1))).isEqualTo(
        Duration.ofMillis(1));
    assertThat(rejected(() -> FieldChecks.positiveOrNull("d", Duration.ZERO)).field())
        .isEqualTo("d");
    assertThat(FieldChecks.credential("c", "AKID~x")).isEqualTo("AKID~x");
    assertThat(rejected(() -> FieldChecks.credential("c", "")).rule()).contains("empty");
    assertThat(rejected(() -> FieldChecks.credential("c", "a b")).rule()).contains("spaces");
    assertThat(rejected(() -> FieldChecks.credential("c", "sécret")).rule())
        .doesNotContain("sécret");
  }

  @Test
  void percentEncodingIsStrictRfc3986() {
    assertThat(PercentEncoding.encode("AZaz09-._~")).isEqualTo("AZaz09-._~");
    assertThat(PercentEncoding.encode("a b/c+d=e&f%")).isEqualTo("a%20b%2Fc%2Bd%3De%26f%25");
    assertThat(PercentEncoding.encodePath("a b/c+d")).isEqualTo("a%20b/c%2Bd");
    assertThat(PercentEncoding.encode("é中🎉")).isEqualTo("%C3%A9%E4%B8%AD%F0%9F%8E%89");
    assertThat(PercentEncoding.encode("\u007f\u0000*")).isEqualTo("%7F%00%2A");
    assertThat(PercentEncoding.decode("a%20b+c%2B%C3%A9%F0%9F%8E%89"))
        .isEqualTo("a b+c+é🎉");
    assertThat(PercentEncoding.decode("100%")).isEqualTo("100%");
    assertThat(PercentEncoding.decode("%zz%4")).isEqualTo("%zz%4");
    assertThat(PercentEncoding.decode("plain")).isEqualTo("plain");
    assertThat(PercentEncoding.decode("🎉%41")).isEqualTo("🎉A");
  }

  @Test
  void digestsMatchPublishedVectors() {
    assertThat(java.util.HexFormat.of().formatHex(Digests.md5(new byte[0])))
        .isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(java.util.HexFormat.of().formatHex(Digests.sha1("abc")))
        .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    assertThat(java.util.HexFormat.of().formatHex(Digests.sha256("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 2202 test case 2 and RFC 4231 test case 2.
    byte[] jefe = "Jefe".getBytes(StandardCharsets.US_ASCII);
    assertThat(java.util.HexFormat.of().formatHex(Digests.hmac("HmacSHA1", jefe, "what do ya want for nothing?")))
        .isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    assertThat(java.util.HexFormat.of().formatHex(Digests.hmac("HmacSHA256", jefe, "what do ya want for nothing?")))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(java.util.HexFormat.of().formatHex(new byte[] {0, 15, 16, (byte) 255})).isEqualTo("000f10ff");
  }
}
