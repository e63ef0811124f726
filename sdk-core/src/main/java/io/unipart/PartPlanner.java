package io.unipart;

/** Cuts an upload into parts within a dialect's limits. */
final class PartPlanner {
  static final long MIB = 1L << 20;

  private PartPlanner() {}

  /**
   * The part size: the request's (or its part count's), checked; otherwise the default, raised so
   * the parts fit the dialect's count and rounded up to whole MiB, and kept within its bounds.
   *
   * @param length the total, or -1 when unknown
   */
  static long partSize(UploadCapabilities caps, long length, UploadRequest request,
      long defaultPartSize) {
    Long requested = null;
    if (request.partSize().isPresent()) {
      requested = request.partSize().getAsLong();
    } else if (request.partCount().isPresent() && length >= 0) {
      requested = caps.partSizeFor(length, request.partCount().getAsInt());
    }
    if (length >= 0 && length > caps.maxObjectSize()) {
      throw new InvalidRequestException("contentLength", "must be at most " + caps.maxObjectSize()
          + " bytes (" + caps.maxPartCount() + " parts of " + caps.maxPartSize() + ") (was "
          + length + ")");
    }
    if (requested != null) {
      check(caps, length, requested);
      return requested;
    }
    long size = Math.max(caps.minPartSize(), defaultPartSize);
    if (length > 0) {
      long needed = ceilDiv(length, caps.maxPartCount());
      if (needed > size) {
        size = ceilDiv(needed, MIB) * MIB;
      }
    }
    return Math.min(size, caps.maxPartSize());
  }

  static void check(UploadCapabilities caps, long length, long partSize) {
    if (length < -1) {
      throw new InvalidRequestException("contentLength", "must be >= 0 (was " + length + ")");
    }
    if (partSize < 1 || partSize > caps.maxPartSize()) {
      throw new InvalidRequestException("partSize", "must be at most "
          + size(caps.maxPartSize()) + " (was " + partSize + ")");
    }
    boolean single = length >= 0 && length <= partSize;
    if (!single && partSize < caps.minPartSize()) {
      throw new InvalidRequestException("partSize", "must be at least "
          + size(caps.minPartSize()) + " unless the object is one part (was " + partSize + ")");
    }
    if (length >= 0 && partCount(length, partSize) > caps.maxPartCount()) {
      throw new InvalidRequestException("partSize", "of " + partSize + " bytes cuts "
          + length + " bytes into " + partCount(length, partSize) + " parts; at most "
          + caps.maxPartCount() + " are allowed");
    }
  }

  /** A size as people read it: {@code 5 MiB (5242880 bytes)}, or plain bytes when not whole. */
  static String size(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + " GiB (" + bytes + " bytes)";
    }
    if (bytes >= MIB && bytes % MIB == 0) {
      return (bytes >> 20) + " MiB (" + bytes + " bytes)";
    }
    return bytes + " bytes";
  }

  /** Parts for a known length; an empty source is one empty part. */
  static int partCount(long length, long partSize) {
    return length == 0 ? 1 : (int) Math.min(Integer.MAX_VALUE, ceilDiv(length, partSize));
  }

  static long sizeOf(int index, int count, long length, long partSize) {
    return index < count - 1 ? partSize : length - (long) (count - 1) * partSize;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
