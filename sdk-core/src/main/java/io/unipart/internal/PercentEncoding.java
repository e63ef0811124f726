package io.unipart.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Strict RFC 3986 percent-encoding, as the S3 and COS signatures want it: every UTF-8 byte but
 * {@code A-Z a-z 0-9 - . _ ~} is encoded, hex upper case, space as {@code %20} (never {@code +}).
 *
 * <pre>{@code
 * PercentEncoding.encode("a b/c");      // "a%20b%2Fc"
 * PercentEncoding.encodePath("a b/c");  // "a%20b/c"   (object keys: '/' kept, encoded once)
 * PercentEncoding.decode("a%20b+c");    // "a b+c"     ('+' is not a space)
 * }</pre>
 */
public final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /**
   * Encodes an object key for a URL path: {@code /} kept, nothing normalised.
   *
   * @param key the key
   * @return the encoded path
   */
  public static String encodePath(String key) {
    return encode(key, true);
  }

  /**
   * Encodes a query name or value, or one path segment ({@code /} encoded too).
   *
   * @param s the text
   * @return the encoded text
   */
  public static String encode(String s) {
    return encode(s, false);
  }

  private static String encode(String s, boolean keepSlash) {
    int n = s.length();
    int clean = 0;
    while (clean < n && unreserved(s.charAt(clean), keepSlash)) {
      clean++;
    }
    if (clean == n) {
      return s;
    }
    StringBuilder sb = new StringBuilder(n + 16).append(s, 0, clean);
    for (int i = clean; i < n; i++) {
      char c = s.charAt(i);
      if (unreserved(c, keepSlash)) {
        sb.append(c);
      } else if (c < 0x80) {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        // The rest as UTF-8 bytes (a lone surrogate becomes '?', as String.getBytes has it).
        for (byte b : s.substring(i).getBytes(StandardCharsets.UTF_8)) {
          int u = b & 0xff;
          if (u < 0x80 && unreserved((char) u, keepSlash)) {
            sb.append((char) u);
          } else {
            sb.append('%').append(HEX[u >> 4]).append(HEX[u & 0xf]);
          }
        }
        break;
      }
    }
    return sb.toString();
  }

  private static boolean unreserved(char c, boolean keepSlash) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || (keepSlash && c == '/');
  }

  /**
   * Decodes percent-escapes (and nothing else: {@code +} stays a plus); a stray {@code %} is kept.
   *
   * @param s the encoded text
   * @return the decoded text
   */
  public static String decode(String s) {
    int first = s.indexOf('%');
    if (first < 0) {
      return s;
    }
    // Up to three UTF-8 bytes per char (a surrogate pair is two chars and four bytes).
    byte[] out = new byte[first + (s.length() - first) * 3];
    int o = 0;
    for (int i = 0; i < first; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return decodeSlow(s);
      }
      out[o++] = (byte) c;
    }
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi;
      int lo;
      if (c == '%' && i + 2 < s.length()
          && (hi = Character.digit(s.charAt(i + 1), 16)) >= 0
          && (lo = Character.digit(s.charAt(i + 2), 16)) >= 0) {
        out[o++] = (byte) (hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out[o++] = (byte) c;
      } else {
        return decodeSlow(s);
      }
    }
    return new String(out, 0, o, StandardCharsets.UTF_8);
  }

  /** The general case: characters beyond ASCII among the escapes. */
  static String decodeSlow(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
        byte[] b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i++;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

}
