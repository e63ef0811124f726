package io.unipart;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a dialect's parts may be, and which lifecycle calls it has: part size bounds, the most
 * parts, the first part number, whether numbers must be consecutive, and whether it can abort and
 * list parts. The {@link MultipartUploader} plans every upload from these.
 *
 * <pre>{@code
 * UploadCapabilities c = client.capabilities();
 * c.minPartSize();          // 5 MiB for S3: every part but the last must be at least this
 * c.consecutivePartNumbers(); // true for COS
 * }</pre>
 *
 * <p>Immutable.
 */
public final class UploadCapabilities {
  private final long minPartSize;
  private final long maxPartSize;
  private final int maxPartCount;
  private final int firstPartNumber;
  private final boolean consecutivePartNumbers;
  private final boolean canAbort;
  private final boolean canListParts;
  private final boolean partUrlsIssuedAtStart;
  private final boolean conditionalComplete;
  private final boolean canListUploads;
  private final int recommendedConcurrency;
  private final boolean partSizesMayDiffer;

  private UploadCapabilities(Builder b) {
    this.minPartSize = b.minPartSize;
    this.maxPartSize = b.maxPartSize;
    this.maxPartCount = b.maxPartCount;
    this.firstPartNumber = b.firstPartNumber;
    this.consecutivePartNumbers = b.consecutivePartNumbers;
    this.canAbort = b.canAbort;
    this.canListParts = b.canListParts;
    this.partUrlsIssuedAtStart = b.partUrlsIssuedAtStart;
    this.conditionalComplete = b.conditionalComplete;
    this.canListUploads = b.canListUploads;
    this.recommendedConcurrency = b.recommendedConcurrency;
    this.partSizesMayDiffer = b.partSizesMayDiffer;
  }

  /**
   * Starts a description (for dialect implementations).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The smallest size of every part but the last.
   *
   * @return bytes
   */
  public long minPartSize() {
    return minPartSize;
  }

  /**
   * The largest size of any part.
   *
   * @return bytes
   */
  public long maxPartSize() {
    return maxPartSize;
  }

  /**
   * The most parts one upload may have.
   *
   * @return the count
   */
  public int maxPartCount() {
    return maxPartCount;
  }

  /**
   * The number of the first part (1 for S3 and COS, 0 for RUM chunks).
   *
   * @return the number
   */
  public int firstPartNumber() {
    return firstPartNumber;
  }

  /**
   * Whether complete needs the part numbers without gaps (COS).
   *
   * @return true when gaps are refused
   */
  public boolean consecutivePartNumbers() {
    return consecutivePartNumbers;
  }

  /**
   * Whether an unfinished upload can be aborted (not Cognite).
   *
   * @return true when {@link MultipartClient#abort} works
   */
  public boolean canAbort() {
    return canAbort;
  }

  /**
   * Whether the server can list the parts it has (not Cognite or the presigned dialect).
   *
   * @return true when {@link MultipartClient#listParts} works
   */
  public boolean canListParts() {
    return canListParts;
  }

  /**
   * Whether the server hands out one presigned URL per part when the upload starts (Cognite, the
   * presigned dialect): the part count, and so the length, must be known up front, and URLs that
   * expire are renewed with {@link MultipartClient#renewPartUrls}.
   *
   * @return true when parts go to URLs issued at initiate
   */
  public boolean partUrlsIssuedAtStart() {
    return partUrlsIssuedAtStart;
  }

  /**
   * Whether completing can be made conditional, so an upload started with {@code
   * overwrite(false)} never replaces an object that exists when it completes (S3's {@code
   * If-None-Match: *}, COS's {@code x-cos-forbid-overwrite}); a refusal is an {@link
   * UploadConflictException}.
   *
   * @return true for S3 and COS
   */
  public boolean conditionalComplete() {
    return conditionalComplete;
  }

  /**
   * Whether the client can list the uploads in progress under a prefix (S3's and COS's {@code
   * ListMultipartUploads}), to find and clean up orphans.
   *
   * @return true for S3 and COS
   */
  public boolean canListUploads() {
    return canListUploads;
  }

  /**
   * How many parts the provider asks clients to send at once, which {@link MultipartUploader}
   * uses unless told otherwise (Cognite: "preferably ... maximum 3 concurrent PUT operations").
   *
   * @return the number, or 0 when the provider states none
   */
  public int recommendedConcurrency() {
    return recommendedConcurrency;
  }

  /**
   * Whether the parts of one upload may have different sizes (every one but the last still within
   * the bounds): a stream of unknown length is then sent in parts that grow as it goes, so it can
   * reach about 5 TiB within {@link #maxPartCount()} parts.
   *
   * @return true for AWS and COS, whose limits are per part, and S3-compatible stores shown to
   *     take them; false where one size is safer (some S3-compatible stores want it)
   */
  public boolean partSizesMayDiffer() {
    return partSizesMayDiffer;
  }

  /**
   * Checks a part plan against these rules (every part within the size bounds, all but a single
   * part at least the minimum, the count within the maximum): the one place unipart validates a
   * plan, used by the uploader and by each dialect's typed request.
   *
   * <pre>{@code
   * S3MultipartClient.builder()...build().capabilities().checkPlan(1L << 30, 8L << 20);
   * }</pre>
   *
   * @param contentLength the total, or -1 when unknown
   * @param partSize the size of every part but the last
   * @throws InvalidRequestException naming {@code partSize} (or {@code contentLength}) and the rule
   */
  public void checkPlan(long contentLength, long partSize) {
    PartPlanner.check(this, contentLength, partSize);
  }

  /**
   * The part size a request plans, checked against these rules: its {@code partSize}, or its
   * {@code partCount} turned into a size with its {@code contentLength}. Empty when it plans
   * neither, and the uploader (or the provider) chooses.
   *
   * @param request the neutral request
   * @return the planned part size, or empty
   * @throws InvalidRequestException naming {@code partCount} when it comes without {@code
   *     contentLength}, or the field and rule a plan breaks
   */
  public OptionalLong plannedPartSize(UploadRequest request) {
    long length = request.contentLength().orElse(-1);
    long size;
    if (request.partSize().isPresent()) {
      size = request.partSize().getAsLong();
    } else if (request.partCount().isPresent()) {
      if (length < 0) {
        throw new InvalidRequestException("partCount", "needs contentLength, so that part sizes"
            + " can be planned");
      }
      size = partSizeFor(length, request.partCount().getAsInt());
    } else {
      return OptionalLong.empty();
    }
    checkPlan(length, size);
    return OptionalLong.of(size);
  }

  /**
   * The part size a part count gives a length ({@code ceil(length / count)}, at least 1).
   *
   * @param contentLength the total
   * @param partCount the number of parts
   * @return the size of every part but the last
   * @throws InvalidRequestException naming {@code partCount} when it is outside 1..{@link
   *     #maxPartCount()}
   */
  public long partSizeFor(long contentLength, int partCount) {
    if (partCount < 1 || partCount > maxPartCount) {
      throw new InvalidRequestException("partCount", "must be 1.." + maxPartCount + " (was "
          + partCount + ")");
    }
    return Math.max(1, (contentLength + partCount - 1) / partCount);
  }

  /**
   * The largest object this dialect can take in parts.
   *
   * @return {@code maxPartSize * maxPartCount}
   */
  public long maxObjectSize() {
    return Math.multiplyHigh(maxPartSize, maxPartCount) != 0
        ? Long.MAX_VALUE
        : maxPartSize * maxPartCount;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UploadCapabilities)) {
      return false;
    }
    UploadCapabilities c = (UploadCapabilities) o;
    return minPartSize == c.minPartSize && maxPartSize == c.maxPartSize
        && maxPartCount == c.maxPartCount && firstPartNumber == c.firstPartNumber
        && consecutivePartNumbers == c.consecutivePartNumbers && canAbort == c.canAbort
        && canListParts == c.canListParts && partUrlsIssuedAtStart == c.partUrlsIssuedAtStart
        && conditionalComplete == c.conditionalComplete && canListUploads == c.canListUploads
        && recommendedConcurrency == c.recommendedConcurrency
        && partSizesMayDiffer == c.partSizesMayDiffer;
  }

  @Override
  public int hashCode() {
    return Objects.hash(minPartSize, maxPartSize, maxPartCount, firstPartNumber,
        consecutivePartNumbers, canAbort, canListParts, partUrlsIssuedAtStart,
        conditionalComplete, canListUploads, recommendedConcurrency, partSizesMayDiffer);
  }

  @Override
  public String toString() {
    return "UploadCapabilities{parts " + minPartSize + ".." + maxPartSize + " B, at most "
        + maxPartCount + ", numbered from " + firstPartNumber
        + (consecutivePartNumbers ? " without gaps" : "") + ", abort=" + canAbort
        + ", listParts=" + canListParts
        + (partUrlsIssuedAtStart ? ", part URLs issued at start" : "")
        + (conditionalComplete ? ", conditional complete" : "")
        + (canListUploads ? ", listUploads" : "")
        + (partSizesMayDiffer ? ", part sizes may differ" : "")
        + (recommendedConcurrency > 0 ? ", concurrency " + recommendedConcurrency : "") + '}';
  }

  /** Builds {@link UploadCapabilities}. Not thread-safe. */
  public static final class Builder {
    private long minPartSize = 1;
    private long maxPartSize = Long.MAX_VALUE;
    private int maxPartCount = 10_000;
    private int firstPartNumber = 1;
    private boolean consecutivePartNumbers;
    private boolean canAbort;
    private boolean canListParts;
    private boolean partUrlsIssuedAtStart;
    private boolean conditionalComplete;
    private boolean canListUploads;
    private int recommendedConcurrency;
    private boolean partSizesMayDiffer;

    private Builder() {}

    /**
     * Says how many parts the provider asks clients to send at once.
     *
     * @param concurrency 1..64, or 0 for no recommendation
     */
    public Builder recommendedConcurrency(int concurrency) {
      if (concurrency < 0 || concurrency > 64) {
        throw new InvalidRequestException("recommendedConcurrency", "must be 0..64 (was "
            + concurrency + ")");
      }
      this.recommendedConcurrency = concurrency;
      return this;
    }

    /**
     * Sets the part size bounds.
     *
     * @param min the smallest size of every part but the last, at least 1
     * @param max the largest part, at least {@code min}
     */
    public Builder partSize(long min, long max) {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("part size bounds " + min + ".." + max);
      }
      this.minPartSize = min;
      this.maxPartSize = max;
      return this;
    }

    /**
     * Sets the most parts.
     *
     * @param maxPartCount at least 1
     */
    public Builder maxPartCount(int maxPartCount) {
      if (maxPartCount < 1) {
        throw new IllegalArgumentException("maxPartCount " + maxPartCount);
      }
      this.maxPartCount = maxPartCount;
      return this;
    }

    /**
     * Sets the first part's number.
     *
     * @param firstPartNumber 0 or 1
     */
    public Builder firstPartNumber(int firstPartNumber) {
      if (firstPartNumber < 0) {
        throw new IllegalArgumentException("firstPartNumber " + firstPartNumber);
      }
      this.firstPartNumber = firstPartNumber;
      return this;
    }

    /**
     * Says whether part numbers must have no gaps.
     *
     * @param consecutive true for COS
     */
    public Builder consecutivePartNumbers(boolean consecutive) {
      this.consecutivePartNumbers = consecutive;
      return this;
    }

    /**
     * Says whether uploads can be aborted.
     *
     * @param canAbort true when the dialect has abort
     */
    public Builder canAbort(boolean canAbort) {
      this.canAbort = canAbort;
      return this;
    }

    /**
     * Says whether parts can be listed.
     *
     * @param canListParts true when the dialect has list parts
     */
    public Builder canListParts(boolean canListParts) {
      this.canListParts = canListParts;
      return this;
    }

    /**
     * Says whether part URLs are issued when the upload starts.
     *
     * @param issued true for Cognite and the presigned dialect
     */
    public Builder partUrlsIssuedAtStart(boolean issued) {
      this.partUrlsIssuedAtStart = issued;
      return this;
    }

    /**
     * Says whether completing can refuse to replace an existing object.
     *
     * @param conditional true for S3 and COS
     */
    public Builder conditionalComplete(boolean conditional) {
      this.conditionalComplete = conditional;
      return this;
    }

    /**
     * Says whether uploads in progress can be listed.
     *
     * @param canListUploads true for S3 and COS
     */
    public Builder canListUploads(boolean canListUploads) {
      this.canListUploads = canListUploads;
      return this;
    }

    /**
     * Says whether the parts of one upload may have different sizes.
     *
     * @param mayDiffer true where the provider takes parts of different sizes
     */
    public Builder partSizesMayDiffer(boolean mayDiffer) {
      this.partSizesMayDiffer = mayDiffer;
      return this;
    }

    /**
     * Builds the description.
     *
     * @return the capabilities
     */
    public UploadCapabilities build() {
      return new UploadCapabilities(this);
    }
  }
}
