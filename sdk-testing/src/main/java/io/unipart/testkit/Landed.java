package io.unipart.testkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An object a fake completed: its key, its bytes and how many parts made it.
 *
 * @param key the object key (S3, COS), file name (Cognite, presigned) or {@code
 *     appId|version|env} (RUM)
 * @param bytes the object's bytes
 * @param parts how many parts the completing call named
 */
public record Landed(String key, byte[] bytes, int parts) {
  /**
   * A copy of the bytes.
   *
   * @return the bytes
   */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * The size.
   *
   * @return bytes
   */
  public long size() {
    return bytes.length;
  }

  /**
   * The MD5 of the bytes, for messages and quick comparisons.
   *
   * @return lower-case hex
   */
  public String md5Hex() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Landed l && key.equals(l.key) && parts == l.parts
        && java.util.Arrays.equals(bytes, l.bytes);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Landed{" + key + ", " + bytes.length + " bytes in " + parts + " parts, md5 "
        + md5Hex() + "}";
  }
}
