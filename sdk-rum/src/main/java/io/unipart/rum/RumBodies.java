package io.unipart.rum;

import java.util.List;

/** The JSON bodies unipart sends Guance, as typed values. */
final class RumBodies {
  private RumBodies() {}

  /** {@code multipart_upload_init}. */
  record Init(boolean needCover, String appId, String version, String env) {}

  /** {@code upload_cancel} and {@code part_list}. */
  record Upload(String uploadId) {}

  /** {@code part_merge}: the chunks, by index (Guance spells it {@code chunkIndexs}). */
  record Merge(String uploadId, List<Integer> chunkIndexs) {}
}
