package io.unipart.cos;

import io.unipart.internal.FieldChecks;
import java.util.Objects;
import java.util.Optional;

/**
 * A Tencent Cloud API key (SecretId and SecretKey), with an optional session token for temporary
 * credentials, sent as {@code x-cos-security-token}. Immutable; {@link #toString()} shows the
 * SecretId only.
 *
 * <pre>{@code
 * CosCredentials permanent = CosCredentials.of("AKIDxxxxxxxx", secretKey);
 * CosCredentials temporary = CosCredentials.of(tmpSecretId, tmpSecretKey, sessionToken);
 * }</pre>
 */
public final class CosCredentials {
  private final String secretId;
  private final String secretKey;
  private final String sessionToken;

  private CosCredentials(String secretId, String secretKey, String sessionToken) {
    this.secretId = secretId;
    this.secretKey = secretKey;
    this.sessionToken = sessionToken;
  }

  /**
   * Permanent credentials.
   *
   * @param secretId the SecretId
   * @param secretKey the SecretKey
   * @return the credentials
   */
  public static CosCredentials of(String secretId, String secretKey) {
    return of(secretId, secretKey, null);
  }

  /**
   * Temporary credentials.
   *
   * @param secretId the SecretId
   * @param secretKey the SecretKey
   * @param sessionToken the session token, or null for permanent credentials
   * @return the credentials
   */
  public static CosCredentials of(String secretId, String secretKey, String sessionToken) {
    check("secretId", secretId);
    check("secretKey", secretKey);
    String token = sessionToken == null || sessionToken.isEmpty() ? null : sessionToken;
    if (token != null) {
      check("sessionToken", token);
    }
    return new CosCredentials(secretId, secretKey, token);
  }

  /**
   * The SecretId (not secret).
   *
   * @return the id
   */
  public String secretId() {
    return secretId;
  }

  /**
   * The SecretKey.
   *
   * @return the key
   */
  public String secretKey() {
    return secretKey;
  }

  /**
   * The session token of temporary credentials.
   *
   * @return the token, or empty
   */
  public Optional<String> sessionToken() {
    return Optional.ofNullable(sessionToken);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CosCredentials)) {
      return false;
    }
    CosCredentials c = (CosCredentials) o;
    return secretId.equals(c.secretId)
        && secretKey.equals(c.secretKey)
        && Objects.equals(sessionToken, c.sessionToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretId, secretKey, sessionToken);
  }

  @Override
  public String toString() {
    return "CosCredentials{secretId=" + secretId + ", secretKey=<redacted>"
        + (sessionToken == null ? "" : ", sessionToken=<redacted>") + '}';
  }

  private static void check(String field, String value) {
    FieldChecks.credential("credentials." + field, value);
  }
}
