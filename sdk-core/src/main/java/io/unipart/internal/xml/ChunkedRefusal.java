package io.unipart.internal.xml;

import io.unipart.ServiceException;
import java.util.List;
import java.util.Locale;

/**
 * Whether a store's answer to a part sent {@code aws-chunked} (signed chunks, or an unsigned body
 * with a checksum trailer) says it does not take such bodies, rather than that this part was
 * wrong. Each form was seen on a store or is documented for one:
 *
 * <ul>
 *   <li>{@code 501} (OpenStack Swift's s3api: {@code NotImplemented}), whatever its code;
 *   <li>{@code 411 MissingContentLength} (stores that count the framed body as no length);
 *   <li>{@code 400 XAmzContentSHA256Mismatch} (stores that hash the body and compare it with the
 *       literal {@code STREAMING-...} payload hash, not knowing the encoding);
 *   <li>{@code 400 InvalidArgument}, {@code InvalidRequest} or {@code NotImplemented} whose
 *       message names the encoding, its headers or trailers.
 * </ul>
 *
 * <p>Signature and credential refusals are never taken for one: they would fail without the
 * encoding too, and must reach the caller as they are.
 */
final class ChunkedRefusal {
  private static final List<String> WORDS = List.of("chunk", "trailer", "streaming",
      "x-amz-content-sha256", "x-amz-decoded-content-length", "content-encoding",
      "transfer-encoding", "not implemented", "notimplemented");

  private ChunkedRefusal() {}

  /**
   * Whether the answer refuses the encoding.
   *
   * @param e the store's answer to a part sent aws-chunked
   * @return true when the part should be sent again without it
   */
  static boolean is(ServiceException e) {
    int status = e.httpStatus();
    String code = e.errorCode() == null ? "" : e.errorCode();
    if (status == 501) {
      return true;
    }
    if (status == 411) {
      return code.isEmpty() || code.equals("MissingContentLength");
    }
    if (status != 400) {
      return false;
    }
    if (code.equals("XAmzContentSHA256Mismatch")) {
      return true;
    }
    if (!code.equals("InvalidArgument") && !code.equals("InvalidRequest")
        && !code.equals("NotImplemented")) {
      return false;
    }
    String message = e.errorMessage() == null ? "" : e.errorMessage().toLowerCase(Locale.ROOT);
    return WORDS.stream().anyMatch(message::contains);
  }
}
