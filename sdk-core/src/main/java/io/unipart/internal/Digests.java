package io.unipart.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hashes, HMACs and lower-case hex for the signers. Not API: may change without notice. */
public final class Digests {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Digests() {}

  /**
   * A new digest; every JVM has MD5, SHA-1 and SHA-256.
   *
   * @param algorithm e.g. {@code SHA-256}
   * @return the digest
   */
  public static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is required of every JVM", e);
    }
  }

  /**
   * MD5 of bytes.
   *
   * @param data the bytes
   * @return the 16-byte digest
   */
  public static byte[] md5(byte[] data) {
    return digest("MD5").digest(data);
  }

  /**
   * SHA-1 of UTF-8 text.
   *
   * @param text the text
   * @return the 20-byte digest
   */
  public static byte[] sha1(String text) {
    return digest("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * SHA-256 of UTF-8 text.
   *
   * @param text the text
   * @return the 32-byte digest
   */
  public static byte[] sha256(String text) {
    return digest("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An HMAC of UTF-8 text.
   *
   * @param algorithm {@code HmacSHA1} or {@code HmacSHA256}
   * @param key the key
   * @param data the text
   * @return the MAC
   */
  public static byte[] hmac(String algorithm, byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is required of every JVM", e);
    }
  }

  /**
   * Lower-case hex.
   *
   * @param bytes the bytes
   * @return two hex digits per byte
   */
  public static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
