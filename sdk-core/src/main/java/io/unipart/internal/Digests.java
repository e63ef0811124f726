package io.unipart.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** Hashes, HMACs and lower-case hex for the signers. Not API: may change without notice. */
public final class Digests {
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
    return new MacKey(algorithm, key).mac(data);
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
   * An HMAC key made ready once and used many times, from any thread: a {@code javax.crypto.Mac}
   * initialised with the key once, cloned for each use (SunJCE's HMACs clone), so key set-up is
   * not repeated per signature. Never prints the key.
   */
  public static final class MacKey {
    private final String algorithm;
    private final javax.crypto.Mac prototype;
    private final javax.crypto.spec.SecretKeySpec spec;

    /**
     * Prepares a key.
     *
     * @param algorithm {@code HmacSHA1} or {@code HmacSHA256}
     * @param key the key bytes
     */
    public MacKey(String algorithm, byte[] key) {
      this.algorithm = algorithm;
      this.spec = new javax.crypto.spec.SecretKeySpec(key, algorithm);
      this.prototype = init();
    }

    private javax.crypto.Mac init() {
      try {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance(algorithm);
        mac.init(spec);
        return mac;
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(algorithm + " is not available", e);
      }
    }

    /**
     * The MAC of UTF-8 text under this key.
     *
     * @param data the text
     * @return the MAC
     */
    public byte[] mac(String data) {
      return mac(data.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The MAC of bytes under this key.
     *
     * @param data the bytes
     * @return the MAC
     */
    public byte[] mac(byte[] data) {
      javax.crypto.Mac mac;
      try {
        mac = (javax.crypto.Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        mac = init();
      }
      return mac.doFinal(data);
    }

    @Override
    public String toString() {
      return "MacKey[" + algorithm + "]";
    }
  }
}
