package io.unipart.internal.xml;

import java.util.Map;

import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;

/**
 * Reads the {@code InitiateMultipartUploadResult} document the S3 family answers an initiate with
 * (namespace or not), and refuses one that lacks an upload id or names another key than the one
 * requested.
 *
 * <pre>{@code
 * InitiateResultXml result = InitiateResultXml.parse(response, "videos/intro.mp4", "x-amz-request-id");
 * result.uploadId();
 * }</pre>
 */
public final class InitiateResultXml {
  private final String uploadId;
  private final String requestId;

  private InitiateResultXml(String uploadId, String requestId) {
    this.uploadId = uploadId;
    this.requestId = requestId;
  }

  /**
   * The upload id.
   *
   * @return the id, never blank
   */
  public String uploadId() {
    return uploadId;
  }

  /**
   * The request id from the response header.
   *
   * @return the id, or null
   */
  public String requestId() {
    return requestId;
  }

  /**
   * Reads the document.
   *
   * @param response the successful response
   * @param requestedKey the key that was sent
   * @param requestIdHeader the header carrying the provider's request id
   * @return the result
   * @throws ResponseFormatException when the body is not such a document, has no upload id, or
   *     names another key
   */
  public static InitiateResultXml parse(
      HttpResponse response, String requestedKey, String requestIdHeader)
      throws ResponseFormatException {
    Map<String, String> doc = XmlBodies.readChildren(response.body(),
        "InitiateMultipartUploadResult");
    String uploadId = doc.get("UploadId");
    if (uploadId == null || uploadId.isBlank()) {
      throw new ResponseFormatException("UploadId is missing or empty");
    }
    String key = doc.get("Key");
    if (key != null && !key.equals(requestedKey)) {
      throw new ResponseFormatException(
          "the server started upload "
              + uploadId
              + " under key \""
              + key
              + "\", not the requested \""
              + requestedKey
              + "\"; abort it, or choose a key the server keeps as it is");
    }
    return new InitiateResultXml(uploadId.trim(), response.header(requestIdHeader));
  }
}
