package io.unipart.spi;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A one-pass reader for the small, plain XML documents storage services answer with
 * ({@code <InitiateMultipartUploadResult>}, {@code <Error>}, part listings): elements, attributes,
 * text, the five predefined entities and character references, in UTF-8. It builds the same tree
 * {@link Codecs#readXml} builds with StAX, without setting up a StAX parser per response, which
 * dominated the CPU of a small response and, cold, costs about 50 ms of class loading.
 *
 * <p>It answers only when it is sure. Anything beyond that subset (a DOCTYPE, CDATA, comments,
 * processing instructions, namespace prefixes, carriage returns, which XML would normalize,
 * another encoding, deep nesting) and anything not well-formed makes it return {@code null}, and
 * the full parser (with DTDs and external entities refused) reads the document and has the final
 * word. {@code SmallXmlReaderTest} holds it to that parser's results on generated and mutated
 * documents.
 */
final class SmallXmlReader {
  private static final int MAX_DEPTH = 32;

  private final byte[] b;
  private final int n;
  private int i;
  private CharsetDecoder utf8;

  private SmallXmlReader(byte[] body, int start) {
    this.b = body;
    this.n = body.length;
    this.i = start;
  }

  /**
   * Reads a document, or says it will not.
   *
   * @param body the document
   * @param start where the document starts (leading whitespace already skipped)
   * @return the document, or null when the full parser must read it
   */
  static Codecs.XmlDocument read(byte[] body, int start) {
    return new SmallXmlReader(body, start).document();
  }

  private Codecs.XmlDocument document() {
    if (startsWith("<?xml") && !declaration()) {
      return null;
    }
    skipWhitespace();
    if (i >= n || b[i] != '<') {
      return null;
    }
    i++;
    String root = name();
    if (root == null) {
      return null;
    }
    XmlElement element = element(root, 1);
    if (element == null) {
      return null;
    }
    skipWhitespace();
    if (i != n) {
      return null; // comments, processing instructions or junk after the root
    }
    return new Codecs.XmlDocument(root, element);
  }

  /** The XML declaration: version 1.0, then UTF-8 if an encoding is named, then standalone. */
  private boolean declaration() {
    i += 5;
    int seen = 0; // 1 after version, 2 after encoding, 3 after standalone
    while (true) {
      boolean spaced = skipWhitespace();
      if (startsWith("?>")) {
        i += 2;
        return seen > 0;
      }
      String name = spaced ? name() : null;
      String value = name == null ? null : attributeValue();
      if (value == null) {
        return false;
      }
      if (name.equals("version") && seen == 0 && value.equals("1.0")) {
        seen = 1;
      } else if (name.equals("encoding") && seen == 1 && value.equalsIgnoreCase("UTF-8")) {
        seen = 2;
      } else if (name.equals("standalone") && seen >= 1 && seen < 3
          && (value.equals("yes") || value.equals("no"))) {
        seen = 3;
      } else {
        return false;
      }
    }
  }

  /**
   * Reads an element whose start tag's name has just been read: its attributes (checked and
   * dropped), its content and its end tag.
   *
   * @return the element, null when not sure
   */
  private XmlElement element(String name, int depth) {
    if (depth > MAX_DEPTH || !attributes()) {
      return null;
    }
    if (b[i] == '/') {
      if (i + 1 >= n || b[i + 1] != '>') {
        return null;
      }
      i += 2;
      return XmlElement.empty();
    }
    i++; // '>'
    XmlElement.Builder object = null;
    StringBuilder text = null;
    while (i < n) {
      byte c = b[i];
      if (c == '<') {
        if (i + 1 >= n) {
          return null;
        }
        byte next = b[i + 1];
        if (next == '/') {
          i += 2;
          if (!name.equals(name()) || !endOfTag()) {
            return null;
          }
          if (object != null) {
            return object.build();
          }
          return text == null ? XmlElement.empty() : XmlElement.leaf(text.toString());
        }
        i++;
        String childName = name();
        if (childName == null) {
          return null; // also comments, CDATA and processing instructions
        }
        XmlElement child = element(childName, depth + 1);
        if (child == null) {
          return null;
        }
        if (object == null) {
          object = new XmlElement.Builder();
        }
        object.add(childName, child);
      } else {
        if (text == null) {
          text = new StringBuilder();
        }
        if (!text(text)) {
          return null;
        }
      }
    }
    return null; // the document ended inside the element
  }

  /** Reads character data up to the next {@code <}; false when not sure. */
  private boolean text(StringBuilder out) {
    while (i < n) {
      int c = b[i] & 0xff;
      if (c == '<') {
        return true;
      }
      if (c >= 0x80) {
        int end = i;
        while (end < n && (b[end] & 0x80) != 0) {
          end++;
        }
        if (!decodeUtf8(end, out)) {
          return false;
        }
        i = end;
        continue;
      }
      if (c == '&') {
        if (!reference(out)) {
          return false;
        }
        continue;
      }
      if (c < 0x20 && c != '\t' && c != '\n') {
        return false; // '\r' (which XML normalizes) and characters XML does not allow
      }
      if (c == '>' && i >= 2 && b[i - 1] == ']' && b[i - 2] == ']') {
        return false; // "]]>" may not appear in text
      }
      out.append((char) c);
      i++;
    }
    return true;
  }

  private boolean decodeUtf8(int end, StringBuilder out) {
    if (utf8 == null) {
      utf8 = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(b, i, end - i));
      for (int k = chars.position(); k < chars.limit(); k++) {
        char ch = chars.get(k);
        if (ch == '\uFFFE' || ch == '\uFFFF') {
          return false;
        }
      }
      out.append(chars);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** An entity or character reference; the five predefined entities only. */
  private boolean reference(StringBuilder out) {
    int semi = i + 1;
    while (semi < n && semi - i <= 12 && b[semi] != ';') {
      semi++;
    }
    if (semi >= n || b[semi] != ';') {
      return false;
    }
    String ref = new String(b, i + 1, semi - i - 1, StandardCharsets.ISO_8859_1);
    i = semi + 1;
    switch (ref) {
      case "lt":
        out.append('<');
        return true;
      case "gt":
        out.append('>');
        return true;
      case "amp":
        out.append('&');
        return true;
      case "quot":
        out.append('"');
        return true;
      case "apos":
        out.append('\'');
        return true;
      default:
        break;
    }
    if (ref.length() < 2 || ref.charAt(0) != '#') {
      return false;
    }
    boolean hex = ref.charAt(1) == 'x';
    String digits = ref.substring(hex ? 2 : 1);
    if (digits.isEmpty() || digits.length() > 7) {
      return false;
    }
    int cp = 0;
    for (int k = 0; k < digits.length(); k++) {
      int d = Character.digit(digits.charAt(k), hex ? 16 : 10);
      if (d < 0) {
        return false;
      }
      cp = cp * (hex ? 16 : 10) + d;
    }
    boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD
        || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!allowed) {
      return false;
    }
    out.appendCodePoint(cp);
    return true;
  }

  /**
   * Attributes up to the end of a start tag, stopping on its {@code >} or {@code />}: each
   * well-formed, unprefixed, without references, and no name twice.
   */
  private boolean attributes() {
    String[] seen = null;
    int count = 0;
    while (true) {
      boolean spaced = skipWhitespace();
      if (i >= n) {
        return false;
      }
      if (b[i] == '>' || b[i] == '/') {
        return true;
      }
      if (!spaced) {
        return false;
      }
      String name = name();
      if (name == null || attributeValue() == null) {
        return false;
      }
      if (seen == null) {
        seen = new String[4];
      }
      for (int k = 0; k < count; k++) {
        if (seen[k].equals(name)) {
          return false;
        }
      }
      if (count == seen.length) {
        return false; // more attributes than these documents carry
      }
      seen[count++] = name;
    }
  }

  /** {@code = "value"} (or single quotes); the value must hold no markup or references. */
  private String attributeValue() {
    skipWhitespace();
    if (i >= n || b[i] != '=') {
      return null;
    }
    i++;
    skipWhitespace();
    if (i >= n || (b[i] != '"' && b[i] != '\'')) {
      return null;
    }
    byte quote = b[i++];
    int start = i;
    while (i < n && b[i] != quote) {
      int c = b[i] & 0xff;
      if (c == '<' || c == '&' || c < 0x20 || c >= 0x80) {
        return null;
      }
      i++;
    }
    if (i >= n) {
      return null;
    }
    String value = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
    i++;
    return value;
  }

  /** An ASCII name without a namespace prefix, or null. */
  private String name() {
    int start = i;
    if (i >= n || !(isLetter(b[i]) || b[i] == '_')) {
      return null;
    }
    i++;
    while (i < n && (isLetter(b[i]) || (b[i] >= '0' && b[i] <= '9') || b[i] == '_'
        || b[i] == '-' || b[i] == '.')) {
      i++;
    }
    if (i < n && (b[i] == ':' || (b[i] & 0x80) != 0)) {
      return null;
    }
    return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
  }

  private boolean endOfTag() {
    skipWhitespace();
    if (i < n && b[i] == '>') {
      i++;
      return true;
    }
    return false;
  }

  /** Skips spaces, tabs and newlines (a carriage return stops it); true when it skipped any. */
  private boolean skipWhitespace() {
    int from = i;
    while (i < n && isSpace(b[i])) {
      i++;
    }
    return i > from;
  }

  private boolean startsWith(String s) {
    if (i + s.length() > n) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (b[i + k] != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n';
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
