package io.unipart.internal;

import io.unipart.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks that dialects share, each throwing an {@link InvalidRequestException} that names the
 * field and the rule.
 *
 * <pre>{@code
 * FieldChecks.headerValue("cacheControl", request.cacheControl());
 * FieldChecks.token("metadata", name);
 * }</pre>
 */
public final class FieldChecks {
  private FieldChecks() {}

  /**
   * A value that will travel as an HTTP header: no CR or LF, and printable US-ASCII (tabs
   * allowed), since header values are not Unicode.
   *
   * @param field the field name for the error
   * @param value the value; null passes
   */
  public static void headerValue(String field, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new InvalidRequestException(field, "must not contain CR or LF");
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        throw new InvalidRequestException(
            field,
            "must be printable US-ASCII (found U+"
                + String.format("%04X", (int) c)
                + " at index "
                + i
                + "); encode other text first, e.g. RFC 5987 or RFC 2047");
      }
    }
  }

  /**
   * An HTTP token (RFC 9110 {@code tchar}): letters, digits and {@code !#$%&'*+-.^_`|~}.
   *
   * @param field the field name for the error
   * @param value the value
   */
  public static void token(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidRequestException(field, "must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        throw new InvalidRequestException(
            field,
            "must be an HTTP token: letters, digits and !#$%&'*+-.^_`|~ only (found '"
                + printable(c)
                + "' at index "
                + i
                + ")");
      }
    }
  }

  /**
   * The UTF-8 encoding of well-formed Unicode text.
   *
   * @param field the field name for the error
   * @param value the text
   * @return its UTF-8 bytes
   * @throws InvalidRequestException when the text has unpaired surrogates
   */
  public static byte[] utf8(String field, String value) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer bb = encoder.encode(CharBuffer.wrap(value));
      byte[] out = new byte[bb.remaining()];
      bb.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException(field, "must be well-formed Unicode (unpaired surrogate)");
    }
  }

  /**
   * No control characters (U+0000..U+001F, U+007F..U+009F).
   *
   * @param field the field name for the error
   * @param value the value
   */
  public static void noControlCharacters(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidRequestException(
            field,
            "must not contain control characters (found U+"
                + String.format("%04X", (int) c)
                + " at index "
                + i
                + ")");
      }
    }
  }

  /**
   * Standard base64 of exactly {@code bytes} bytes.
   *
   * @param field the field name for the error
   * @param value the base64 text
   * @param bytes the decoded length required
   * @return the decoded bytes
   */
  public static byte[] base64(String field, String value, int bytes) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(field, "must be standard base64");
    }
    if (decoded.length != bytes) {
      throw new InvalidRequestException(
          field, "must be base64 of " + bytes + " bytes (decodes to " + decoded.length + ")");
    }
    return decoded;
  }

  /**
   * An SSE-C key and its MD5, both base64, checked against each other.
   *
   * @param field the field prefix for errors, e.g. {@code sse}
   * @param base64Key base64 of the 32-byte (AES-256) key
   * @param base64KeyMd5 base64 of the key's MD5
   */
  public static void customerKey(String field, String base64Key, String base64KeyMd5) {
    if (base64Key == null || base64KeyMd5 == null) {
      throw new InvalidRequestException(field + ".customerKey", "key and key MD5 are both required");
    }
    byte[] key = base64(field + ".customerKey", base64Key, 32);
    byte[] given = base64(field + ".customerKeyMd5", base64KeyMd5, 16);
    if (!java.security.MessageDigest.isEqual(Digests.md5(key), given)) {
      throw new InvalidRequestException(field + ".customerKeyMd5", "does not match the key's MD5");
    }
  }

  /**
   * User metadata as headers: names are HTTP tokens, unique ignoring case, without any of {@code
   * forbiddenNameChars}; values have no CR, LF or control characters (and are US-ASCII when {@code
   * asciiValues}); names and values together take at most {@code maxTotalBytes} UTF-8 bytes.
   *
   * @param metadata the entries
   * @param maxTotalBytes the provider's limit
   * @param asciiValues whether values must be US-ASCII
   * @param forbiddenNameChars characters the provider refuses in names, e.g. {@code "_"}
   */
  public static void metadata(
      Map<String, String> metadata, int maxTotalBytes, boolean asciiValues,
      String forbiddenNameChars) {
    TreeSet<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    int total = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String name = e.getKey();
      String field = "metadata[" + name + "]";
      token("metadata name " + (name.isEmpty() ? "\"\"" : name), name);
      for (char c : forbiddenNameChars.toCharArray()) {
        if (name.indexOf(c) >= 0) {
          throw new InvalidRequestException(
              "metadata name " + name, "must not contain '" + c + "' (the provider refuses it)");
        }
      }
      if (!seen.add(name)) {
        throw new InvalidRequestException(
            field, "is given twice (names are case-insensitive: " + name.toLowerCase(Locale.ROOT)
                + ")");
      }
      String value = e.getValue();
      if (value == null) {
        throw new InvalidRequestException(field, "value must not be null");
      }
      if (asciiValues) {
        headerValue(field, value);
      } else {
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (c == '\r' || c == '\n') {
            throw new InvalidRequestException(field, "must not contain CR or LF");
          }
          if (c < 0x20 && c != '\t' || c == 0x7f) {
            throw new InvalidRequestException(field, "must not contain control characters");
          }
        }
      }
      total += utf8(field, name).length + utf8(field, value).length;
    }
    if (total > maxTotalBytes) {
      throw new InvalidRequestException(
          "metadata",
          "must total at most " + maxTotalBytes + " bytes of names and values (was " + total
              + ")");
    }
  }

  /**
   * A positive duration, or none.
   *
   * @param field the field name for the error
   * @param duration the duration, or null
   * @return the duration
   */
  public static java.time.Duration positiveOrNull(String field, java.time.Duration duration) {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new InvalidRequestException(field, "must be positive (was " + duration + ")");
    }
    return duration;
  }

  /**
   * A credential, key or token: non-empty printable US-ASCII without spaces, fit for a header.
   *
   * @param field the field name for the error
   * @param value the value; never echoed in the error
   * @return the value
   */
  public static String credential(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidRequestException(field, "must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new InvalidRequestException(field, "must be printable US-ASCII without spaces");
      }
    }
    return value;
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : String.valueOf(c);
  }
}
