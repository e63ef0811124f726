package io.unipart;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON that session and checkpoint text needs, without a JSON library: the S3 and COS modules
 * then bring no Jackson into an application's class path (only the JSON dialects use Jackson).
 *
 * <p>{@link #parse} reads RFC 8259 JSON into plain values: {@code Map<String, Object>} (in
 * document order), {@code List<Object>}, {@code String}, {@code Long} (or {@code BigInteger}
 * beyond its range), {@code BigDecimal} for numbers with a fraction or exponent, {@code Boolean},
 * and {@code null}. It is stricter than many parsers on purpose: nothing may follow the value,
 * a name may appear only once in an object, and nesting stops at {@value #MAX_DEPTH} levels.
 * {@link #write} writes such values back. {@code JsonTextTest} holds both to Jackson's results.
 */
final class JsonText {
  static final int MAX_DEPTH = 64;

  /** The text is not JSON; {@link #line()} says where. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    SyntaxException(String message, int line) {
      super(message + " (line " + line + ")");
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  private final String s;
  private int i;

  private JsonText(String s) {
    this.s = s;
  }

  /**
   * Parses one JSON value.
   *
   * @param text the text
   * @return the value (see the class comment for the types)
   * @throws SyntaxException when the text is not exactly one JSON value
   */
  static Object parse(String text) throws SyntaxException {
    JsonText p = new JsonText(text);
    p.skipWhitespace();
    Object value = p.value(1);
    p.skipWhitespace();
    if (p.i != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return value;
  }

  private Object value(int depth) throws SyntaxException {
    if (i >= s.length()) {
      throw error("the text ends where a value was expected");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + printable(c) + "'");
    }
  }

  private Map<String, Object> object(int depth) throws SyntaxException {
    Map<String, Object> map = new LinkedHashMap<>();
    if (opens('}', depth)) {
      return map;
    }
    do {
      if (peek() != '"') {
        throw error("expected a name in double quotes");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value(depth + 1);
      if (map.containsKey(name)) {
        throw error("the name \"" + name + "\" appears twice");
      }
      map.put(name, v);
    } while (!closes('}'));
    return map;
  }

  private List<Object> array(int depth) throws SyntaxException {
    List<Object> list = new ArrayList<>();
    if (opens(']', depth)) {
      return list;
    }
    do {
      list.add(value(depth + 1));
    } while (!closes(']'));
    return list;
  }

  /** Steps over an opening bracket; true when the closing one follows at once. */
  private boolean opens(char close, int depth) throws SyntaxException {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    i++;
    skipWhitespace();
    if (peek() == close) {
      i++;
      return true;
    }
    return false;
  }

  /** After a member or an element: true past the closing bracket, false past a comma. */
  private boolean closes(char close) throws SyntaxException {
    skipWhitespace();
    char c = peek();
    if (c == close) {
      i++;
      return true;
    }
    if (c != ',') {
      throw error("expected ',' or '" + close + "'");
    }
    i++;
    skipWhitespace();
    return false;
  }

  private String string() throws SyntaxException {
    i++; // '"'
    StringBuilder out = null;
    int from = i;
    while (true) {
      if (i >= s.length()) {
        throw error("the text ends inside a string");
      }
      char c = s.charAt(i);
      if (c == '"') {
        String tail = s.substring(from, i++);
        return out == null ? tail : out.append(tail).toString();
      }
      if (c < 0x20) {
        throw error("a control character in a string must be escaped");
      }
      if (c != '\\') {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder();
      }
      out.append(s, from, i);
      i++;
      if (i >= s.length()) {
        throw error("the text ends inside a string");
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"': out.append('"'); break;
        case '\\': out.append('\\'); break;
        case '/': out.append('/'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case 'u': out.append(hex4()); break;
        default:
          i--;
          throw error("unknown escape '\\" + printable(e) + "'");
      }
      from = i;
    }
  }

  private char hex4() throws SyntaxException {
    if (i + 4 > s.length()) {
      throw error("the text ends inside a \\u escape");
    }
    int v = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 'f') {
        throw error("a \\u escape needs four hex digits");
      }
      v = v * 16 + d;
      i++;
    }
    return (char) v;
  }

  private Object number() throws SyntaxException {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (digits() == 0) {
      throw error("a number needs a digit after '-'");
    }
    boolean integral = true;
    if (peek() == '.') {
      i++;
      integral = false;
      if (digits() == 0) {
        throw error("a number needs a digit after '.'");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      i++;
      integral = false;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      if (digits() == 0) {
        throw error("a number needs a digit in its exponent");
      }
    }
    if (i < s.length() && Character.isDigit(s.charAt(i))) {
      throw error("a number must not start with 0");
    }
    String text = s.substring(start, i);
    if (!integral) {
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw error("the number's exponent is out of range");
      }
    }
    if (text.length() <= 18) {
      return Long.parseLong(text);
    }
    BigInteger big = new BigInteger(text);
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }

  private int digits() {
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - start;
  }

  private Object literal(String word, Object value) throws SyntaxException {
    if (!s.startsWith(word, i)) {
      throw error("unexpected word (expected " + word + ")");
    }
    i += word.length();
    return value;
  }

  private void expect(char c) throws SyntaxException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  /** The next character, or 0 at the end (never valid where it is looked for). */
  private char peek() {
    return i < s.length() ? s.charAt(i) : 0;
  }

  private void skipWhitespace() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private SyntaxException error(String message) {
    int line = 1;
    for (int k = 0; k < Math.min(i, s.length()); k++) {
      if (s.charAt(k) == '\n') {
        line++;
      }
    }
    return new SyntaxException(message, line);
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  /**
   * Writes a value made of maps, lists, strings, numbers, booleans and nulls as compact JSON.
   *
   * @param value the value
   * @return the text
   */
  static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String) {
      quote((String) value, out);
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote((String) e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object v : (List<?>) value) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(v, out);
      }
      out.append(']');
    } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger
        || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof BigDecimal) {
      out.append(((BigDecimal) value).toString());
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName());
    }
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    int from = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, from, k);
      from = k + 1;
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default: out.append(String.format("\\u%04X", (int) c));
      }
    }
    out.append(text, from, text.length()).append('"');
  }
}
