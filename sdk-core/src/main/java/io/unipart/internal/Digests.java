package io.unipart.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hashes, HMACs and lower-case hex for the signers. Not API: may change without notice. */
public final class Digests {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** Never updated, only cloned: a clone skips the provider lookup {@code getInstance} does. */
  private static final MessageDigest SHA1 = digest("SHA-1");

  private static final MessageDigest SHA256 = digest("SHA-256");

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
    return copy(SHA1).digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * SHA-256 of UTF-8 text.
   *
   * @param text the text
   * @return the 32-byte digest
   */
  public static byte[] sha256(String text) {
    return copy(SHA256).digest(text.getBytes(StandardCharsets.UTF_8));
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
   * A fresh SHA-256 digest, cloned from a prototype (cheaper than {@link #digest(String)}).
   *
   * @return the digest
   */
  public static MessageDigest sha256() {
    return copy(SHA256);
  }

  private static MessageDigest copy(MessageDigest prototype) {
    try {
      return (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      return digest(prototype.getAlgorithm());
    }
  }

  /**
   * An HMAC key made ready once and used many times, from any thread: each use clones an
   * initialized {@link Mac}, which skips the provider lookup and key set-up. Never prints the key.
   */
  public static final class HmacKey {
    private final String algorithm;
    private final byte[] key;
    private final Mac prototype;

    /**
     * Prepares a key.
     *
     * @param algorithm {@code HmacSHA1} or {@code HmacSHA256}
     * @param key the key bytes (copied)
     */
    public HmacKey(String algorithm, byte[] key) {
      this.algorithm = algorithm;
      this.key = key.clone();
      Mac mac;
      try {
        mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(this.key, algorithm));
        mac.clone();
      } catch (GeneralSecurityException | CloneNotSupportedException e) {
        mac = null;
      }
      this.prototype = mac;
    }

    /**
     * The MAC of UTF-8 text under this key.
     *
     * @param data the text
     * @return the MAC
     */
    public byte[] mac(String data) {
      if (prototype == null) {
        return hmac(algorithm, key, data);
      }
      try {
        return ((Mac) prototype.clone()).doFinal(data.getBytes(StandardCharsets.UTF_8));
      } catch (CloneNotSupportedException e) {
        return hmac(algorithm, key, data);
      }
    }

    @Override
    public String toString() {
      return "HmacKey[" + algorithm + "]";
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
