package io.unipart.internal;

import java.security.MessageDigest;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The JDK's CRC32 and CRC32C as {@link MessageDigest}s (4 bytes, big-endian), so a part's
 * integrity checksum is taken in the same pass as its other digests. Not thread-safe.
 */
public final class ChecksumDigest extends MessageDigest {
  private final Checksum crc;

  private ChecksumDigest(String name, Checksum crc) {
    super(name);
    this.crc = crc;
  }

  /**
   * CRC-32 (S3's {@code CRC32}), from {@link CRC32}.
   *
   * @return a new digest
   */
  public static ChecksumDigest crc32() {
    return new ChecksumDigest("CRC32", new CRC32());
  }

  /**
   * CRC-32C (S3's {@code CRC32C}), from {@link CRC32C}.
   *
   * @return a new digest
   */
  public static ChecksumDigest crc32c() {
    return new ChecksumDigest("CRC32C", new CRC32C());
  }

  @Override
  protected void engineUpdate(byte input) {
    crc.update(input);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    crc.update(input, offset, len);
  }

  @Override
  protected void engineUpdate(java.nio.ByteBuffer input) {
    crc.update(input);
  }

  @Override
  protected byte[] engineDigest() {
    long v = crc.getValue();
    crc.reset();
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  @Override
  protected void engineReset() {
    crc.reset();
  }

  @Override
  protected int engineGetDigestLength() {
    return 4;
  }
}
