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
 * whole. Where the dialect lists parts, the server's word counts: size and ETag must match what the
 * checkpoint recorded (a listing without sizes or ETags, like RUM's, confirms a recorded part is
 * there), and a part the checkpoint missed (a crash right after the server took it) is kept only
 * when its ETag is the MD5 of the file's slice. Where it cannot list, the checkpoint's record is
 * trusted.
 */
final class ResumeCheck {
  private ResumeCheck() {}

  /**
   * The parts to keep.
   *
   * @param caps the dialect's capabilities
   * @param file the source
   * @param length its length
   * @param partSize the checkpoint's part size
   * @param recordedParts what the checkpoint recorded
   * @param serverParts what the server listed (ignored when the dialect cannot list)
   * @return the parts already done, ascending
   */
  static List<UploadedPart> partsToKeep(UploadCapabilities caps, Path file, long length,
      long partSize, List<UploadedPart> recordedParts, List<UploadedPart> serverParts) {
    Map<Integer, UploadedPart> server = byNumber(serverParts);
    Map<Integer, UploadedPart> recorded = byNumber(recordedParts);
    int count = PartPlanner.partCount(length, partSize);
    List<UploadedPart> keep = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int number = caps.firstPartNumber() + i;
      long size = PartPlanner.sizeOf(i, count, length, partSize);
      UploadedPart local = recorded.get(number);
      UploadedPart remote = server.get(number);
      if (!caps.canListParts()) {
        if (local != null && local.size() == size) {
          keep.add(local);
        }
      } else if (remote != null && (remote.size() == size || remote.size() < 0)) {
        if (local != null && local.size() == size
            && (remote.etag().isEmpty() || sameEtag(local, remote))) {
          keep.add(remote.size() == size && remote.etag().isPresent() ? remote : local);
        } else if (local == null && remote.size() == size
            && matchesSlice(file, remote, (long) i * partSize, size)) {
          keep.add(remote);
        }
      }
    }
    return keep;
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
    return Digests.hex(md5.digest()).equals(bare(remote.etag().get()));
  }

  private static String bare(String etag) {
    return etag.replace("\"", "").trim().toLowerCase(Locale.ROOT);
  }
}
