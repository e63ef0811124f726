package io.unipart.s3;

import io.unipart.internal.FieldChecks;
import io.unipart.InvalidRequestException;
import io.unipart.internal.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server-side encryption for the new object: SSE-S3, SSE-KMS or SSE-C. Immutable; {@link
 * #toString()} never shows a customer key.
 *
 * <pre>{@code
 * ServerSideEncryption.s3();                                  // AES256, keys managed by S3
 * ServerSideEncryption.kms("arn:aws:kms:...:key/1234");       // aws:kms with that key
 * ServerSideEncryption.customerKey(key32Bytes);               // SSE-C; keep the key: parts need it
 * }</pre>
 *
 * <p>With SSE-C the same key must accompany every part upload; the session records only the
 * key's MD5, never the key. The client that started the upload holds the key for its parts; to
 * resume elsewhere, give that client the key: {@code S3MultipartClient.builder().customerKey(..)}.
 */
public final class ServerSideEncryption {
  private final String kind;
  private final Map<String, String> headers;

  private ServerSideEncryption(String kind, Map<String, String> headers) {
    this.kind = kind;
    this.headers = Collections.unmodifiableMap(headers);
  }

  /**
   * SSE-S3: {@code x-amz-server-side-encryption: AES256}.
   *
   * @return the setting
   */
  public static ServerSideEncryption s3() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-amz-server-side-encryption", "AES256");
    return new ServerSideEncryption("SSE-S3", h);
  }

  /**
   * SSE-KMS with the bucket's or account's default KMS key.
   *
   * @return the setting
   */
  public static ServerSideEncryption kms() {
    return kms(null, null);
  }

  /**
   * SSE-KMS with a given key.
   *
   * @param keyId the KMS key id or ARN
   * @return the setting
   */
  public static ServerSideEncryption kms(String keyId) {
    return kms(keyId, null);
  }

  /**
   * SSE-KMS with a key and an encryption context.
   *
   * @param keyId the KMS key id or ARN, or null for the default key
   * @param contextJson the encryption context as a JSON object (sent base64-encoded), or null
   * @return the setting
   */
  public static ServerSideEncryption kms(String keyId, String contextJson) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-amz-server-side-encryption", "aws:kms");
    if (keyId != null) {
      if (keyId.isEmpty()) {
        throw new InvalidRequestException("sse.kmsKeyId", "must not be empty when set");
      }
      FieldChecks.headerValue("sse.kmsKeyId", keyId);
      h.put("x-amz-server-side-encryption-aws-kms-key-id", keyId);
    }
    if (contextJson != null) {
      String trimmed = contextJson.trim();
      if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
        throw new InvalidRequestException("sse.kmsContext", "must be a JSON object");
      }
      h.put(
          "x-amz-server-side-encryption-context",
          Base64.getEncoder().encodeToString(contextJson.getBytes(StandardCharsets.UTF_8)));
    }
    return new ServerSideEncryption("SSE-KMS", h);
  }

  /**
   * SSE-C with a 256-bit key the caller keeps; its MD5 is computed here.
   *
   * @param key exactly 32 bytes
   * @return the setting
   */
  public static ServerSideEncryption customerKey(byte[] key) {
    if (key == null || key.length != 32) {
      throw new InvalidRequestException(
          "sse.customerKey",
          "must be 32 bytes (AES-256) (was " + (key == null ? "null" : key.length) + ")");
    }
    Base64.Encoder b64 = Base64.getEncoder();
    return customer(b64.encodeToString(key), b64.encodeToString(md5(key)));
  }

  /**
   * SSE-C from its base64 header values, checked against each other.
   *
   * @param base64Key base64 of the 32-byte key
   * @param base64KeyMd5 base64 of the key's MD5
   * @return the setting
   * @throws InvalidRequestException when the key is not 32 bytes or the MD5 does not match
   */
  public static ServerSideEncryption customerKey(String base64Key, String base64KeyMd5) {
    FieldChecks.customerKey("sse", base64Key, base64KeyMd5);
    return customer(base64Key, base64KeyMd5);
  }

  private static ServerSideEncryption customer(String key, String md5) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-amz-server-side-encryption-customer-algorithm", "AES256");
    h.put("x-amz-server-side-encryption-customer-key", key);
    h.put("x-amz-server-side-encryption-customer-key-MD5", md5);
    return new ServerSideEncryption("SSE-C", h);
  }

  Map<String, String> headers() {
    return headers;
  }

  boolean isCustomerKey() {
    return kind.equals("SSE-C");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerSideEncryption && headers.equals(((ServerSideEncryption) o).headers);
  }

  @Override
  public int hashCode() {
    return headers.hashCode();
  }

  @Override
  public String toString() {
    if (kind.equals("SSE-KMS")) {
      String keyId = headers.get("x-amz-server-side-encryption-aws-kms-key-id");
      return "ServerSideEncryption{SSE-KMS" + (keyId == null ? "" : ", keyId=" + keyId) + '}';
    }
    return "ServerSideEncryption{" + kind + '}';
  }

  static byte[] md5(byte[] data) {
    return Digests.md5(data);
  }
}
