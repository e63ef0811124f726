package io.unipart.internal;

import io.unipart.ObjectHeaders;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Puts {@link ObjectHeaders} on an initiate request the way the S3-family stores take them:
 * the served headers under their own names, the tags as {@code k=v&k=v}, each part
 * percent-encoded, in the dialect's tagging header.
 */
public final class StoredObjectHeaders {
  private StoredObjectHeaders() {}

  /**
   * Cache-Control, Content-Disposition, Content-Encoding and Expires, those that are set, in
   * that order.
   *
   * @param headers the request headers to add to
   * @param object the values
   */
  public static void putServed(Map<String, String> headers, ObjectHeaders object) {
    object.cacheControl().ifPresent(v -> headers.put("Cache-Control", v));
    object.contentDisposition().ifPresent(v -> headers.put("Content-Disposition", v));
    object.contentEncoding().ifPresent(v -> headers.put("Content-Encoding", v));
    object.expires().ifPresent(v -> headers.put("Expires", v));
  }

  /**
   * The tags, when there are any.
   *
   * @param headers the request headers to add to
   * @param header e.g. {@code x-amz-tagging}
   * @param object the values
   */
  public static void putTagging(Map<String, String> headers, String header, ObjectHeaders object) {
    if (object.tags().isEmpty()) {
      return;
    }
    StringJoiner tagging = new StringJoiner("&");
    object.tags().forEach(
        (k, v) -> tagging.add(PercentEncoding.encode(k) + '=' + PercentEncoding.encode(v)));
    headers.put(header, tagging.toString());
  }
}
