package io.unipart;

/**
 * The size of each part of an upload, by its index from 0: one size for every part (a file, a
 * stream of known length, a part size the caller chose), or, for a stream of unknown length on a
 * dialect whose parts may differ in size, a size that doubles every {@code doublesEvery} parts
 * from the first, up to {@link #STREAM_PART_CAP}. The growth is the slowest that still carries
 * {@link #STREAM_TARGET} (or the dialect's largest object, if smaller) within its part count, so
 * parts stay as small as the plan allows for as long as it allows; it is a pure function of the
 * first size and the dialect's rules, recorded in checkpoints as the two numbers, so a resumed
 * stream is cut the same way. Immutable.
 *
 * @param first the first part's size
 * @param doublesEvery parts per doubling, or 0 when every part is {@code first}
 * @param cap the largest part the growth reaches
 */
record PartSizes(long first, int doublesEvery, long cap) {
  /**
   * How far a stream of unknown length must be able to go: 5 TiB, the largest object S3 takes.
   */
  static final long STREAM_TARGET = 5L << 40;

  /**
   * The largest part a stream grows to: a stream's parts are buffered in memory, one array per
   * part in flight, so memory is at most concurrency times this. From 8 MiB parts, 512 MiB ones
   * come after about 400 GiB and 1 GiB ones after about 800 GiB.
   */
  static final long STREAM_PART_CAP = 1L << 30;

  PartSizes {
    if (first < 1 || doublesEvery < 0 || cap < first) {
      throw new IllegalArgumentException("part sizes " + first + ", " + doublesEvery + ", "
          + cap);
    }
  }

  /** Every part the same size. */
  static PartSizes fixed(long size) {
    return new PartSizes(size, 0, size);
  }

  /**
   * Growing parts for a stream of unknown length from {@code first}: the largest {@code
   * doublesEvery} whose parts still reach the target; fixed where the dialect's parts may not
   * differ, or cannot grow.
   */
  static PartSizes growing(UploadCapabilities caps, long first) {
    long cap = Math.min(caps.maxPartSize(), Math.max(first, STREAM_PART_CAP));
    if (!caps.partSizesMayDiffer() || cap <= first) {
      return fixed(first);
    }
    long target = Math.min(STREAM_TARGET, caps.maxObjectSize());
    int parts = caps.maxPartCount();
    if (capacity(first, parts, cap, parts) >= target) {
      return fixed(first);
    }
    // Capacity falls as doublesEvery grows: find the largest that still reaches the target.
    int low = 1;
    int high = parts;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (capacity(first, mid, cap, parts) >= target) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return new PartSizes(first, low, cap);
  }

  /** The size of the part at {@code index} (0 for the first). */
  long of(int index) {
    if (doublesEvery == 0) {
      return first;
    }
    int doublings = index / doublesEvery;
    if (doublings >= 63 || first > (cap >> doublings)) {
      return cap;
    }
    return first << doublings;
  }

  /** The largest part this plan cuts. */
  long largest(int parts) {
    return of(Math.max(0, parts - 1));
  }

  /** The bytes {@code parts} parts of this plan carry. */
  long capacity(int parts) {
    return doublesEvery == 0 ? saturatedMultiply(first, parts)
        : capacity(first, doublesEvery, cap, parts);
  }

  /** Whether every part is the same size. */
  boolean isFixed() {
    return doublesEvery == 0;
  }

  private static long capacity(long first, int doublesEvery, long cap, int parts) {
    PartSizes sizes = new PartSizes(first, doublesEvery, cap);
    long total = 0;
    for (int i = 0; i < parts; i++) {
      total += sizes.of(i);
      if (total < 0) {
        return Long.MAX_VALUE;
      }
    }
    return total;
  }

  private static long saturatedMultiply(long a, int b) {
    long high = Math.multiplyHigh(a, b);
    return high != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
  }
}
