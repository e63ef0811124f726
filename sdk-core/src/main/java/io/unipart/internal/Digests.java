package io.unipart.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

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
    return new HmacKey(algorithm, key).mac(data);
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
   * An HMAC key (RFC 2104) made ready once and used many times, from any thread. HMAC is built
   * here on {@link MessageDigest} rather than taken from {@code javax.crypto.Mac}: the digest
   * states after the padded inner and outer keys are kept, and each use clones them, which skips
   * key set-up; and the JCE provider framework {@code Mac} needs is never loaded, which cost about
   * 27 ms of a cold start. Checked against RFC 2202 and RFC 4231 vectors and against the JDK's
   * {@code Mac}. Never prints the key.
   */
  public static final class HmacKey {
    private static final int BLOCK = 64; // SHA-1's and SHA-256's block size

    private final String algorithm;
    private final MessageDigest inner;
    private final MessageDigest outer;

    /**
     * Prepares a key.
     *
     * @param algorithm {@code HmacSHA1} or {@code HmacSHA256}
     * @param key the key bytes (not kept)
     */
    public HmacKey(String algorithm, byte[] key) {
      this.algorithm = algorithm;
      MessageDigest prototype;
      if (algorithm.equals("HmacSHA256")) {
        prototype = SHA256;
      } else if (algorithm.equals("HmacSHA1")) {
        prototype = SHA1;
      } else {
        throw new IllegalArgumentException("unsupported HMAC: " + algorithm);
      }
      byte[] k = key.length > BLOCK ? copy(prototype).digest(key) : key;
      byte[] ipad = new byte[BLOCK];
      byte[] opad = new byte[BLOCK];
      for (int i = 0; i < BLOCK; i++) {
        byte b = i < k.length ? k[i] : 0;
        ipad[i] = (byte) (b ^ 0x36);
        opad[i] = (byte) (b ^ 0x5c);
      }
      this.inner = copy(prototype);
      this.inner.update(ipad);
      this.outer = copy(prototype);
      this.outer.update(opad);
      java.util.Arrays.fill(ipad, (byte) 0);
      java.util.Arrays.fill(opad, (byte) 0);
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
      MessageDigest in = copy(inner);
      byte[] innerHash = in.digest(data);
      MessageDigest out = copy(outer);
      return out.digest(innerHash);
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
