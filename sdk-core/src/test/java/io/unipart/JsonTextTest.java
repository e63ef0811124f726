package io.unipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonText} against Jackson, the reference: in strict mode (nothing after the value, no
 * duplicate names, big decimals) the two must accept exactly the same texts and read the same
 * values, on generated documents and on their one-character mutants; and what {@code JsonText}
 * writes, Jackson must read back as the value written.
 */
class JsonTextTest {
  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  @Test
  void readsTheTypesItDocuments() throws Exception {
    Object v = JsonText.parse(" {\"s\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
        + "\"i\":-12,\"big\":123456789012345678901,\"max\":9223372036854775807,"
        + "\"d\":1.50,\"e\":2E+3,\"t\":true,\"f\":false,\"n\":null,\"a\":[],\"o\":{}}\n");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals("a\"\\/\b\f\n\r\t\u00e9\ud83d\ude00", m.get("s"));
    assertEquals(-12L, m.get("i"));
    assertEquals(new BigInteger("123456789012345678901"), m.get("big"));
    assertEquals(Long.MAX_VALUE, m.get("max"));
    assertEquals(new BigDecimal("1.50"), m.get("d"));
    assertEquals(new BigDecimal("2E+3"), m.get("e"));
    assertEquals(Boolean.TRUE, m.get("t"));
    assertEquals(Boolean.FALSE, m.get("f"));
    assertTrue(m.containsKey("n"));
    assertNull(m.get("n"));
    assertEquals(List.of(), m.get("a"));
    assertEquals(Map.of(), m.get("o"));
    assertEquals(List.of("s", "i", "big", "max", "d", "e", "t", "f", "n", "a", "o"),
        new ArrayList<>(m.keySet()), "document order");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "{\"a\":1", "{\"a\" 1}", "{a:1}", "{'a':1}", "[1,]",
      "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "NaN", "tru", "nul", "\"\\x\"",
      "\"\\u12g4\"", "\"a\nb\"", "\"open", "{} {}", "[1] x", "{\"a\":1,\"a\":2}", "/* c */ 1",
      "\u00a01", "[1 2]", "{\"a\":1 \"b\":2}", "1e99999999999", "[-7e25287604962]"})
  void refusesWhatIsNotOneJsonValue(String text) {
    assertThrows(JsonText.SyntaxException.class, () -> JsonText.parse(text), text);
  }

  @Test
  void refusesNestingDeeperThanItsLimitAndReadsItsLimit() throws Exception {
    String ok = "[".repeat(JsonText.MAX_DEPTH) + "]".repeat(JsonText.MAX_DEPTH);
    JsonText.parse(ok);
    String deep = "[".repeat(JsonText.MAX_DEPTH + 1) + "]".repeat(JsonText.MAX_DEPTH + 1);
    JsonText.SyntaxException e =
        assertThrows(JsonText.SyntaxException.class, () -> JsonText.parse(deep));
    assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
  }

  @Test
  void errorsSayWhichLine() {
    JsonText.SyntaxException e = assertThrows(JsonText.SyntaxException.class,
        () -> JsonText.parse("{\n\"a\": 1,\n\"b\": }"));
    assertEquals(3, e.line());
  }

  @Test
  void agreesWithJacksonOnGeneratedAndMutatedTexts() throws Exception {
    Random random = new Random(20261122);
    String alphabet = "{}[]\":,\\/ \t\n0123456789.eE+-tfnulrsa\u00e9\u0001";
    int mutants = 0;
    int mutantsRead = 0;
    for (int d = 0; d < 400; d++) {
      Object value = value(random, 0);
      String text = random.nextBoolean() ? STRICT.writeValueAsString(value)
          : STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(value);
      assertEquals(normal(value), normal(JsonText.parse(text)), text);
      assertAgrees(text);
      for (int m = 0; m < 25; m++) {
        String mutant = mutate(text, random, alphabet);
        mutants++;
        if (assertAgrees(mutant)) {
          mutantsRead++;
        }
      }
    }
    assertTrue(mutantsRead > mutants / 10, mutantsRead + " of " + mutants);
  }

  @Test
  void whatItWritesJacksonReadsBack() throws Exception {
    Random random = new Random(7);
    for (int d = 0; d < 1000; d++) {
      Object value = value(random, 0);
      String text = JsonText.write(value);
      assertEquals(normal(value), normal(plain(STRICT.readTree(text))), text);
      assertEquals(normal(value), normal(JsonText.parse(text)), text);
    }
    Map<String, Object> fixed = new LinkedHashMap<>();
    fixed.put("a", "\"\\\n\u0001\u00e9/");
    fixed.put("b", java.util.Arrays.asList(1L, null, true));
    assertEquals("{\"a\":\"\\\"\\\\\\n\\u0001\u00e9/\",\"b\":[1,null,true]}",
        JsonText.write(fixed));
  }

  /** Both accept (and read the same value), or both refuse; true when both accepted. */
  private static boolean assertAgrees(String text) throws Exception {
    Object reference;
    try {
      JsonNode tree = STRICT.readTree(text);
      reference = tree == null || tree.isMissingNode() ? Refused.REFUSED : plain(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NumberFormatException e) {
      reference = Refused.REFUSED; // Jackson refuses exponents beyond an int as the latter
    }
    Object ours;
    try {
      ours = JsonText.parse(text);
    } catch (JsonText.SyntaxException e) {
      ours = Refused.REFUSED;
    }
    assertEquals(normal(reference), normal(ours), () -> "on: " + text);
    return reference != Refused.REFUSED;
  }

  private enum Refused { REFUSED }

  private static Object plain(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), plain(e.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(c -> l.add(plain(c)));
      return l;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue();
    }
    return n.decimalValue();
  }

  /** Numbers compared by value: whole ones as BigInteger, others without trailing zeros. */
  private static Object normal(Object v) {
    if (v instanceof Map) {
      Map<Object, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> m.put(k, normal(x)));
      return m;
    }
    if (v instanceof List) {
      List<Object> l = new ArrayList<>();
      ((List<?>) v).forEach(x -> l.add(normal(x)));
      return l;
    }
    if (v instanceof Long || v instanceof Integer) {
      return BigInteger.valueOf(((Number) v).longValue());
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = ((BigDecimal) v).stripTrailingZeros();
      return d.scale() <= 0 && d.scale() > -100 ? d.toBigIntegerExact() : d;
    }
    return v;
  }

  private static Object value(Random r, int depth) {
    int kind = r.nextInt(depth > 4 ? 5 : 7);
    switch (kind) {
      case 0: return string(r);
      case 1: return r.nextBoolean() ? (Object) (long) (r.nextInt(1000) - 500) : r.nextLong();
      case 2: return new BigDecimal(BigInteger.valueOf(r.nextInt(100000) - 50000), r.nextInt(6));
      case 3: return r.nextBoolean();
      case 4: return r.nextInt(4) == 0 ? null : string(r);
      case 5: {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          m.put(string(r) + i, value(r, depth + 1));
        }
        return m;
      }
      default: {
        List<Object> l = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          l.add(value(r, depth + 1));
        }
        return l;
      }
    }
  }

  private static String string(Random r) {
    String chars = "abcXYZ09 _-/\\\"'\n\t\u0000\u001f\u00e9\u4e2d\ud83d\ude00";
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      int at = r.nextInt(chars.length());
      char c = chars.charAt(at);
      if (Character.isHighSurrogate(c) && at + 1 < chars.length()) {
        b.append(c).append(chars.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String mutate(String in, Random random, String alphabet) {
    String symbol = String.valueOf(alphabet.charAt(random.nextInt(alphabet.length())));
    int at = random.nextInt(in.length());
    switch (random.nextInt(3)) {
      case 0: return in.substring(0, at) + symbol + in.substring(at + 1);
      case 1: return in.substring(0, at) + symbol + in.substring(at);
      default: return in.substring(0, at) + in.substring(at + 1);
    }
  }
}
