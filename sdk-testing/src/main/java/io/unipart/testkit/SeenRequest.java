package io.unipart.testkit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as a fake received it: what the code under test really sent, header for header.
 *
 * @param method e.g. {@code PUT}
 * @param path the path as sent (percent-encoded)
 * @param query the query as sent, or null
 * @param headers the headers, names in any case
 * @param bodyLength the body's length
 */
public record SeenRequest(String method, String path, String query, Map<String, String> headers,
    long bodyLength) {

  /** Keeps a case-insensitive, unmodifiable copy of the headers. */
  public SeenRequest {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    headers = Collections.unmodifiableMap(copy);
  }

  static SeenRequest of(LocalHttpStub.Request r) {
    return new SeenRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), r.bodyLength());
  }

  /**
   * A header.
   *
   * @param name any case
   * @return the value, or null
   */
  public String header(String name) {
    return headers.get(name);
  }

  @Override
  public String toString() {
    // header values may be credentials: names only; a presigned URL's signature is one too
    return "SeenRequest{" + method + " " + path + (query == null ? "" : "?" + query.replaceAll(
        "(?i)((?:X-Amz-Signature|X-Amz-Security-Token|q-signature|Signature|sig)=)[^&]*",
        "$1(redacted)")) + ", headers " + headers.keySet() + ", " + bodyLength + " bytes}";
  }
}
