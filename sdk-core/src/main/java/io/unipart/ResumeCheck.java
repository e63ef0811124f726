package io.unipart;

import io.unipart.internal.Digests;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which parts of an interrupted upload need not be sent again: those the server holds
 * whole, of this very source. First the source itself: every part the checkpoint recorded must
 * still read, from the file, as the CRC-32C recorded when it was sent, or the resume is refused
 * before any call that changes the server's state (two files of one size must never be spliced
 * into one object). A recorded part without a checksum (a checkpoint of format 1) cannot be
 * checked, so it is sent again. Then the server: where the dialect lists parts, size and ETag must
 * match what the checkpoint recorded (a listing without sizes or ETags, like RUM's, confirms a
 * recorded part is there), and a part the checkpoint missed (a crash right after the server took
 * it) is kept only when its ETag is the MD5 of the file's slice. Where it cannot list, the
 * checked record is trusted.
 */
final class ResumeCheck {
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  private ResumeCheck() {}

  /**
   * Refuses a source that is not the one the checkpoint's parts were read from. Reads each
   * recorded part once; no network call.
   *
   * @param caps the dialect's capabilities
   * @param cp the checkpoint
   * @param file the source offered now
   * @param length its length now
   * @param modified its last-modified time now, in epoch milliseconds
   * @throws InvalidRequestException naming the first part that differs
   */
  static void checkSource(UploadCapabilities caps, UploadCheckpoint cp, Path file, long length,
      long modified) {
    long partSize = cp.partSize();
    long recorded = cp.contentLength();
    String when = cp.sourceModifiedMillis() >= 0 && cp.sourceModifiedMillis() != modified
        ? "; the file was modified at " + java.time.Instant.ofEpochMilli(modified)
            + ", the checkpoint's source at "
            + java.time.Instant.ofEpochMilli(cp.sourceModifiedMillis())
        : "";
    // The first part a change of length touches: the one holding the shorter length's end.
    int lengthDiffers = Integer.MAX_VALUE;
    if (recorded >= 0 && length != recorded) {
      int count = PartPlanner.partCount(recorded, partSize);
      lengthDiffers = caps.firstPartNumber()
          + (int) Math.min(count - 1L, Math.min(length, recorded) / partSize);
    }
    for (UploadedPart p : cp.parts()) {
      java.util.OptionalLong sum = cp.partChecksum(p.partNumber());
      if (p.partNumber() >= lengthDiffers) {
        break;
      }
      if (sum.isEmpty()) {
        continue;
      }
      long offset = (long) (p.partNumber() - caps.firstPartNumber()) * partSize;
      long now = PartContent.ofFile(file, offset, p.size()).crc32c();
      if (now != sum.getAsLong()) {
        throw notTheSource(p.partNumber(), "its bytes " + offset + ".." + (offset + p.size() - 1)
            + " have CRC-32C " + UploadCheckpoint.crc32cHex(now) + " in the file, but "
            + UploadCheckpoint.crc32cHex(sum.getAsLong()) + " were sent" + when);
      }
    }
    if (lengthDiffers != Integer.MAX_VALUE) {
      throw notTheSource(lengthDiffers, "the file has " + length
          + " bytes, the checkpoint's source had " + recorded + when);
    }
  }

  private static InvalidRequestException notTheSource(int partNumber, String why) {
    return new InvalidRequestException("file", "is not the source this upload was sent from:"
        + " part " + partNumber + " is the first that differs (" + why + "). Nothing was sent;"
        + " resume with the original file, or abort the upload");
  }

  /**
   * The parts to keep.
   *
   * @param caps the dialect's capabilities
   * @param file the source
   * @param length its length
   * @param partSize the checkpoint's part size
   * @param recordedParts what the checkpoint recorded
   * @param checked the recorded parts whose source was checked (null: all)
   * @param serverParts what the server listed (ignored when the dialect cannot list)
   * @return the parts already done, ascending
   */
  static List<UploadedPart> partsToKeep(UploadCapabilities caps, Path file, long length,
      long partSize, List<UploadedPart> recordedParts, java.util.Set<Integer> checked,
      List<UploadedPart> serverParts) {
    Map<Integer, UploadedPart> server = byNumber(serverParts);
    Map<Integer, UploadedPart> recorded = byNumber(recordedParts);
    int count = PartPlanner.partCount(length, partSize);
    List<UploadedPart> keep = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int number = caps.firstPartNumber() + i;
      long size = PartPlanner.sizeOf(i, count, length, partSize);
      UploadedPart local = recorded.get(number);
      if (local != null && checked != null && !checked.contains(number)) {
        local = null; // recorded without a checksum: it cannot be checked, so it is sent again
      }
      UploadedPart remote = server.get(number);
      if (!caps.canListParts()) {
        if (local != null && local.size() == size) {
          keep.add(local);
        }
      } else if (remote != null && (remote.size() == size || remote.size() < 0)) {
        if (local != null && local.size() == size
            && (remote.etag().isEmpty() || sameEtag(local, remote))) {
          keep.add(withChecksum(remote.size() == size && remote.etag().isPresent() ? remote
              : local, local));
        } else if (local == null && remote.size() == size
            && matchesSlice(file, remote, (long) i * partSize, size)) {
          keep.add(remote.withCheck(PartCheck.ETAG_MD5)); // its ETag is the source slice's MD5
        }
      }
    }
    return keep;
  }

  /**
   * The parts a resumed stream may skip: recorded with a checksum (which {@link TransferRun}
   * holds each against the stream's bytes as it reads them) and, where the dialect lists parts,
   * still on the server as recorded.
   */
  static List<UploadedPart> partsToKeepOfStream(UploadCapabilities caps, PartSizes sizes,
      List<UploadedPart> recordedParts, java.util.Set<Integer> checked,
      List<UploadedPart> serverParts) {
    Map<Integer, UploadedPart> server = byNumber(serverParts);
    List<UploadedPart> keep = new ArrayList<>();
    for (UploadedPart local : recordedParts) {
      int index = local.partNumber() - caps.firstPartNumber();
      if (!checked.contains(local.partNumber()) || index < 0
          || local.size() > sizes.of(index)) {
        continue;
      }
      UploadedPart remote = server.get(local.partNumber());
      if (!caps.canListParts()) {
        keep.add(local);
      } else if (remote != null && (remote.size() == local.size() || remote.size() < 0)
          && (remote.etag().isEmpty() || sameEtag(local, remote))) {
        keep.add(withChecksum(remote.size() == local.size() && remote.etag().isPresent()
            ? remote : local, local));
      }
    }
    return keep;
  }

  /** A resumed stream's bytes differ from what was sent as a part it would skip. */
  static InvalidRequestException streamMismatch(int partNumber, String why) {
    return new InvalidRequestException("in", "is not the source this upload was sent from:"
        + " part " + partNumber + " is the first that differs (" + why + "). The upload was"
        + " left as the checkpoint had it; resume with the original stream, or abort it");
  }

  /**
   * The part kept, with the checksum the checkpoint recorded where the listing gave none, and
   * the check that proved it when it was sent.
   */
  private static UploadedPart withChecksum(UploadedPart kept, UploadedPart recorded) {
    UploadedPart part = kept.checksum().isPresent() || recorded.checksum().isEmpty() ? kept
        : kept.withChecksum(recorded.checksum().get());
    return part.withCheck(recorded.check().orElse(null));
  }

  private static Map<Integer, UploadedPart> byNumber(List<UploadedPart> parts) {
    Map<Integer, UploadedPart> map = new TreeMap<>();
    for (UploadedPart p : parts) {
      map.put(p.partNumber(), p);
    }
    return map;
  }

  private static boolean sameEtag(UploadedPart a, UploadedPart b) {
    return a.etag().isPresent() && b.etag().isPresent()
        && bare(a.etag().get()).equals(bare(b.etag().get()));
  }

  private static boolean matchesSlice(Path file, UploadedPart remote, long offset, long size) {
    if (remote.etag().isEmpty()) {
      return false;
    }
    MessageDigest md5 = Digests.digest("MD5");
    PartContent.ofFile(file, offset, size).digest(md5);
    return HEX.formatHex(md5.digest()).equals(bare(remote.etag().get()));
  }

  private static String bare(String etag) {
    return etag.replace("\"", "").trim().toLowerCase(Locale.ROOT);
  }
}
