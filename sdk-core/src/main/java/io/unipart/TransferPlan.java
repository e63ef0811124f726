package io.unipart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one upload will do, fixed before any part is sent: the session, the part size, the
 * source's length (-1 for a stream of unknown length) and last-modified time, and the parts the
 * server already holds that need not be sent again (on resume), with their CRC-32C. Made by one
 * step, {@link #prepare}, for new, started and resumed uploads, from files and from streams.
 *
 * @param session the upload as it starts
 * @param sizes each part's size (but the last's): one for all, or growing for a stream of
 *     unknown length
 * @param totalBytes the source's length, or -1 when a stream's is unknown
 * @param sourceModified a file's last-modified time in milliseconds, or -1
 * @param held the parts kept from the checkpoint, ascending
 * @param heldChecksums the CRC-32C of each held part
 * @param unverified held parts a resumed stream must still read and check before skipping them
 */
record TransferPlan(UploadSession session, PartSizes sizes, long totalBytes, long sourceModified,
    List<UploadedPart> held, Map<Integer, Long> heldChecksums, Set<Integer> unverified) {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploader.class);

  TransferPlan {
    held = List.copyOf(held);
    heldChecksums = Map.copyOf(heldChecksums);
    unverified = Set.copyOf(unverified);
  }

  /** The first part's size, which is every part's but the last where they do not grow. */
  long partSize() {
    return sizes.first();
  }

  /**
   * How an upload begins: exactly one of a request (a new upload), a session the caller started,
   * or a checkpoint (resume).
   *
   * @param request the neutral request of a new upload
   * @param started a session the caller started with a typed request
   * @param checkpoint the checkpoint to resume
   */
  record Start(UploadRequest request, UploadSession started, UploadCheckpoint checkpoint) {
    static Start fresh(UploadRequest request) {
      return new Start(request, null, null);
    }

    static Start of(UploadSession started) {
      return new Start(null, started, null);
    }

    static Start resume(UploadCheckpoint checkpoint) {
      return new Start(null, null, checkpoint);
    }
  }

  /**
   * Plans an upload: checks the source and the part plan against the dialect, and starts the
   * upload (new), takes the caller's session (started), or checks the source against the
   * checkpoint and asks the server what it holds (resume). Nothing is sent before the checks pass.
   *
   * @param client the dialect's client
   * @param defaultPartSize the uploader's part size when the request sets none
   * @param file the source file, or null for a stream
   * @param start how the upload begins
   * @return the plan
   * @throws InvalidRequestException naming the field and rule, before any network call
   */
  static TransferPlan prepare(MultipartClient client, long defaultPartSize, Path file,
      Start start) {
    if (start.checkpoint() != null) {
      return resume(client, file, start.checkpoint());
    }
    if (start.started() != null) {
      return started(client, defaultPartSize, file, start.started());
    }
    return fresh(client, defaultPartSize, file, start.request());
  }

  private static TransferPlan fresh(MultipartClient client, long defaultPartSize, Path file,
      UploadRequest request) {
    UploadCapabilities caps = client.capabilities();
    long length;
    long modified = -1;
    if (file != null) {
      length = sizeOf(file);
      if (request.contentLength().isPresent() && request.contentLength().getAsLong() != length) {
        throw new InvalidRequestException("contentLength", "is "
            + request.contentLength().getAsLong() + " but the file has " + length + " bytes");
      }
      modified = lastModified(file);
    } else {
      length = request.contentLength().isPresent() ? request.contentLength().getAsLong() : -1;
    }
    if (length < 0 && caps.partUrlsIssuedAtStart()) {
      throw new InvalidRequestException("contentLength", "is required: this dialect issues one"
          + " URL per part when the upload starts, so the length must be known; upload a file,"
          + " or set contentLength");
    }
    // A stream of unknown length: sized for the length the caller expects, if it says; where it
    // does not fix the part size, the parts grow as the stream goes (AWS, COS), so it can run to
    // 5 TiB instead of ending at part 10,001.
    long planned = length >= 0 ? length : request.expectedLength().orElse(-1);
    if (length < 0 && planned > caps.maxObjectSize()) {
      throw new InvalidRequestException("expectedLength", "must be at most "
          + caps.maxObjectSize() + " bytes, the most this dialect takes in parts (was "
          + planned + ")");
    }
    long partSize = PartPlanner.partSize(caps, planned, request, defaultPartSize);
    if (length < 0) {
      // A hint is not a length: the stream may run past it, so the size must do for many parts.
      PartPlanner.check(caps, -1, partSize);
    }
    PartSizes sizes = length < 0 && file == null && request.partSize().isEmpty()
        && request.partCount().isEmpty() ? PartSizes.growing(caps, partSize)
        : PartSizes.fixed(partSize);
    checkStreamPart(file, sizes.largest(caps.maxPartCount()));
    UploadRequest.Builder initiated = request.toBuilder().partSize(partSize).partCount(null)
        .expectedLength(null);
    if (length >= 0) {
      initiated.contentLength(length);
    }
    UploadSession session = client.initiate(initiated.build());
    LOG.debug("{}: started upload of {} bytes in parts of {}{}", session.dialect(), length,
        partSize, sizes.isFixed() ? "" : ", doubling every " + sizes.doublesEvery()
            + " parts up to " + sizes.cap());
    return new TransferPlan(session, sizes, length, modified, List.of(), Map.of(), Set.of());
  }

  /**
   * An upload the caller started with a typed request (for options the neutral request lacks):
   * its recorded length must be the source's, and its part size (recorded, or implied by the part
   * URLs it was issued, or planned) must fit the dialect.
   */
  private static TransferPlan started(MultipartClient client, long defaultPartSize, Path file,
      UploadSession started) {
    UploadCapabilities caps = client.capabilities();
    if (!client.dialect().equals(started.dialect())) {
      throw new InvalidRequestException("session", "is a " + started.dialect() + " upload; the"
          + " uploader's client speaks " + client.dialect());
    }
    long length;
    long modified = -1;
    if (file != null) {
      length = sizeOf(file);
      if (started.contentLength().isPresent() && started.contentLength().getAsLong() != length) {
        throw new InvalidRequestException("file", "has " + length + " bytes but the session was"
            + " started for " + started.contentLength().getAsLong());
      }
      modified = lastModified(file);
    } else {
      length = started.contentLength().isPresent() ? started.contentLength().getAsLong() : -1;
    }
    if (length < 0 && caps.partUrlsIssuedAtStart()) {
      throw new InvalidRequestException("contentLength", "is required: the session's part URLs"
          + " fix the part count, so the stream's length must be known; start the session with"
          + " contentLength");
    }
    long size;
    if (started.partSize().isPresent()) {
      size = started.partSize().getAsLong();
    } else if (caps.partUrlsIssuedAtStart() && !started.parts().isEmpty() && length > 0) {
      size = (length + started.parts().size() - 1) / started.parts().size();
    } else {
      size = PartPlanner.partSize(caps, length, UploadRequest.builder().key("plan").build(),
          defaultPartSize);
    }
    PartPlanner.check(caps, length, size);
    // A stream of unknown length whose session fixed no part size: its parts grow, as a new
    // upload's would.
    PartSizes sizes = length < 0 && file == null && started.partSize().isEmpty()
        ? PartSizes.growing(caps, size) : PartSizes.fixed(size);
    checkStreamPart(file, sizes.largest(caps.maxPartCount()));
    return new TransferPlan(started, sizes, length, modified, List.of(), Map.of(), Set.of());
  }

  /**
   * Picks up a checkpoint. A file is checked against it first, part by part, before anything is
   * asked of the server; a stream's recorded parts are checked as they are read (the scheduler
   * does that with {@link #unverified}).
   */
  private static TransferPlan resume(MultipartClient client, Path file, UploadCheckpoint cp) {
    UploadCapabilities caps = client.capabilities();
    if (!client.dialect().equals(cp.session().dialect())) {
      throw new InvalidRequestException("checkpoint", "is of a " + cp.session().dialect()
          + " upload; the uploader's client speaks " + client.dialect());
    }
    PartSizes sizes = cp.partSizes();
    if (!sizes.isFixed()) {
      // Parts that grew: a stream of unknown length, resumed from a stream, on a dialect whose
      // parts may differ, and no larger than this dialect and a stream's buffers allow.
      if (file != null || !caps.partSizesMayDiffer()) {
        throw new InvalidRequestException("checkpoint.partSizeDoublesEvery", "is for a stream of"
            + " unknown length, on a dialect whose parts may differ in size; this resume is "
            + (file != null ? "from a file" : "on a dialect whose parts may not"));
      }
      if (sizes.cap() > caps.maxPartSize()) {
        throw new InvalidRequestException("checkpoint.partSizeCap", "must be at most "
            + caps.maxPartSize() + " (was " + sizes.cap() + ")");
      }
      checkStreamPart(null, sizes.largest(caps.maxPartCount()));
    }
    long length;
    long modified = -1;
    if (file != null) {
      length = sizeOf(file);
      modified = lastModified(file);
      ResumeCheck.checkSource(caps, cp, file, length, modified);
    } else {
      length = cp.contentLength();
    }
    UploadSession session = cp.session();
    long partSize = cp.partSize();
    Set<Integer> checked = new java.util.HashSet<>();
    for (UploadedPart p : cp.parts()) {
      if (cp.partChecksum(p.partNumber()).isPresent()) {
        checked.add(p.partNumber());
      }
    }
    List<UploadedPart> keep = null;
    List<UploadedPart> listed = List.of();
    if (caps.canListParts()) {
      try {
        listed = client.listParts(session);
      } catch (ServiceException e) {
        // The server no longer knows the upload. If the checkpoint holds every part, checked
        // against the source, an earlier complete may have finished it with its answer lost:
        // the parts are kept and complete decides (the S3 family looks the object up).
        keep = e.httpStatus() == 404 && file != null
            ? allRecorded(caps, length, partSize, cp.parts(), checked) : null;
        if (keep == null) {
          throw e;
        }
        LOG.info("{}: upload {} is no longer on the server; every part is recorded, so it is"
            + " completed from the checkpoint", session.dialect(), session.uploadId());
      }
    }
    if (keep == null) {
      keep = file != null
          ? ResumeCheck.partsToKeep(caps, file, length, partSize, cp.parts(), checked, listed)
          : ResumeCheck.partsToKeepOfStream(caps, sizes, cp.parts(), checked, listed);
    }
    Map<Integer, Long> sums = new HashMap<>();
    Set<Integer> unverified = new TreeSet<>();
    for (UploadedPart p : keep) {
      OptionalLong sum = cp.partChecksum(p.partNumber());
      if (sum.isPresent()) {
        sums.put(p.partNumber(), sum.getAsLong());
      } else {
        // Kept because its ETag is the MD5 of the file's slice: checked, so record its CRC too.
        long offset = (long) (p.partNumber() - caps.firstPartNumber()) * partSize;
        sums.put(p.partNumber(), PartContent.ofFile(file, offset, p.size()).crc32c());
      }
      if (file == null) {
        unverified.add(p.partNumber());
      }
    }
    LOG.debug("{}: resuming upload {}: {} parts already on the server", session.dialect(),
        session.uploadId(), keep.size());
    return new TransferPlan(session, sizes, length, modified, keep, sums, unverified);
  }

  /** Every planned part, recorded with a checked checksum and its planned size; else null. */
  private static List<UploadedPart> allRecorded(UploadCapabilities caps, long length,
      long partSize, List<UploadedPart> recorded, Set<Integer> checked) {
    int count = PartPlanner.partCount(length, partSize);
    List<UploadedPart> all = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      int number = caps.firstPartNumber() + i;
      UploadedPart p = recorded.stream().filter(r -> r.partNumber() == number).findFirst()
          .orElse(null);
      if (p == null || !checked.contains(number)
          || p.size() != PartPlanner.sizeOf(i, count, length, partSize)) {
        return null;
      }
      all.add(p);
    }
    return all;
  }

  /** A stream's parts are buffered in memory: each must fit an array. */
  private static void checkStreamPart(Path file, long partSize) {
    if (file == null && partSize > Integer.MAX_VALUE - 8) {
      throw new InvalidRequestException("partSize", "must be below 2 GiB when uploading from a"
          + " stream, which is buffered in memory (was " + partSize + ")");
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new InvalidRequestException("file", "cannot be read: " + e.getMessage());
    }
  }

  private static long lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new InvalidRequestException("file", "cannot be read: " + e.getMessage());
    }
  }
}
