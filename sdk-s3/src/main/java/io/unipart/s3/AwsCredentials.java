package io.unipart.s3;

import io.unipart.internal.FieldChecks;
import io.unipart.InvalidRequestException;
import java.util.Objects;
import java.util.Optional;

/**
 * An access key pair, with an optional session token for temporary credentials. Immutable; {@link
 * #toString()} shows the access key id only.
 *
 * <pre>{@code
 * AwsCredentials permanent = AwsCredentials.of("AKIAIOSFODNN7EXAMPLE", secret);
 * AwsCredentials temporary = AwsCredentials.of(accessKeyId, secret, sessionToken);
 * }</pre>
 */
public final class AwsCredentials {
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;

  private AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
  }

  /**
   * Permanent credentials.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @return the credentials
   * @throws InvalidRequestException when a value is empty or contains whitespace
   */
  public static AwsCredentials of(String accessKeyId, String secretAccessKey) {
    return of(accessKeyId, secretAccessKey, null);
  }

  /**
   * Temporary credentials; the token is sent as {@code x-amz-security-token}.
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @param sessionToken the session token, or null for permanent credentials
   * @return the credentials
   * @throws InvalidRequestException when a value is empty or contains whitespace
   */
  public static AwsCredentials of(
      String accessKeyId, String secretAccessKey, String sessionToken) {
    check("accessKeyId", accessKeyId);
    check("secretAccessKey", secretAccessKey);
    if (sessionToken != null && sessionToken.isEmpty()) {
      sessionToken = null;
    }
    if (sessionToken != null) {
      check("sessionToken", sessionToken);
    }
    return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken);
  }

  /**
   * The access key id (not secret).
   *
   * @return the id
   */
  public String accessKeyId() {
    return accessKeyId;
  }

  /**
   * The secret access key.
   *
   * @return the secret
   */
  public String secretAccessKey() {
    return secretAccessKey;
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
    if (!(o instanceof AwsCredentials)) {
      return false;
    }
    AwsCredentials c = (AwsCredentials) o;
    return accessKeyId.equals(c.accessKeyId)
        && secretAccessKey.equals(c.secretAccessKey)
        && Objects.equals(sessionToken, c.sessionToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessKeyId, secretAccessKey, sessionToken);
  }

  @Override
  public String toString() {
    return "AwsCredentials{accessKeyId="
        + accessKeyId
        + ", secretAccessKey=<redacted>"
        + (sessionToken == null ? "" : ", sessionToken=<redacted>")
        + '}';
  }

  private static void check(String field, String value) {
    FieldChecks.credential("credentials." + field, value);
  }
}
