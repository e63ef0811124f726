package io.unipart.cos;

import io.unipart.internal.FieldChecks;
import io.unipart.InvalidRequestException;
import io.unipart.internal.Digests;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server-side encryption for a COS object: SSE-COS, SSE-KMS or SSE-C. Immutable; {@link
 * #toString()} never shows a customer key.
 *
 * <pre>{@code
 * CosServerSideEncryption.cos();                              // AES256, keys managed by COS
 * CosServerSideEncryption.kms("48ba38aa-26c5-11ea-855c-52540085xxxx", "{\"author\":\"ann\"}");
 * CosServerSideEncryption.customerKey(key32Bytes);            // SSE-C; parts need the key again
 * }</pre>
 */
public final class CosServerSideEncryption {
  private final String kind;
  private final Map<String, String> headers;

  private CosServerSideEncryption(String kind, Map<String, String> headers) {
    this.kind = kind;
    this.headers = Collections.unmodifiableMap(headers);
  }

  /**
   * SSE-COS: {@code x-cos-server-side-encryption: AES256}.
   *
   * @return the setting
   */
  public static CosServerSideEncryption cos() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-cos-server-side-encryption", "AES256");
    return new CosServerSideEncryption("SSE-COS", h);
  }

  /**
   * SSE-KMS: {@code x-cos-server-side-encryption: cos/kms}, optionally with a key id and an
   * encryption context.
   *
   * @param keyId the KMS key id, or null for COS's default key
   * @param contextJson the encryption context as a JSON object (sent base64-encoded), or null
   * @return the setting
   */
  public static CosServerSideEncryption kms(String keyId, String contextJson) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-cos-server-side-encryption", "cos/kms");
    if (keyId != null) {
      if (keyId.isEmpty()) {
        throw new InvalidRequestException("sse.kmsKeyId", "must not be empty when set");
      }
      FieldChecks.headerValue("sse.kmsKeyId", keyId);
      h.put("x-cos-server-side-encryption-cos-kms-key-id", keyId);
    }
    if (contextJson != null) {
      String trimmed = contextJson.trim();
      if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
        throw new InvalidRequestException("sse.kmsContext", "must be a JSON object");
      }
      h.put(
          "x-cos-server-side-encryption-context",
          Base64.getEncoder().encodeToString(contextJson.getBytes(StandardCharsets.UTF_8)));
    }
    return new CosServerSideEncryption("SSE-KMS", h);
  }

  /**
   * SSE-C with a 256-bit key the caller keeps; its MD5 is computed here.
   *
   * @param key exactly 32 bytes
   * @return the setting
   */
  public static CosServerSideEncryption customerKey(byte[] key) {
    if (key == null || key.length != 32) {
      throw new InvalidRequestException(
          "sse.customerKey",
          "must be 32 bytes (AES-256) (was " + (key == null ? "null" : key.length) + ")");
    }
    Base64.Encoder b64 = Base64.getEncoder();
    return customer(b64.encodeToString(key), b64.encodeToString(Digests.md5(key)));
  }

  /**
   * SSE-C from its base64 header values, checked against each other.
   *
   * @param base64Key base64 of the 32-byte key
   * @param base64KeyMd5 base64 of the key's MD5
   * @return the setting
   */
  public static CosServerSideEncryption customerKey(String base64Key, String base64KeyMd5) {
    FieldChecks.customerKey("sse", base64Key, base64KeyMd5);
    return customer(base64Key, base64KeyMd5);
  }

  private static CosServerSideEncryption customer(String key, String md5) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("x-cos-server-side-encryption-customer-algorithm", "AES256");
    h.put("x-cos-server-side-encryption-customer-key", key);
    h.put("x-cos-server-side-encryption-customer-key-MD5", md5);
    return new CosServerSideEncryption("SSE-C", h);
  }

  boolean isCustomerKey() {
    return headers.containsKey("x-cos-server-side-encryption-customer-key");
  }

  Map<String, String> headers() {
    return headers;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosServerSideEncryption
        && headers.equals(((CosServerSideEncryption) o).headers);
  }

  @Override
  public int hashCode() {
    return headers.hashCode();
  }

  @Override
  public String toString() {
    String keyId = headers.get("x-cos-server-side-encryption-cos-kms-key-id");
    return "CosServerSideEncryption{" + kind + (keyId == null ? "" : ", keyId=" + keyId) + '}';
  }
}
