package io.unipart.cos;

import io.unipart.InvalidRequestException;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Supplies COS credentials before every attempt, so refreshed temporary credentials (STS) are used
 * without rebuilding the client. Implementations must be thread-safe.
 *
 * <pre>{@code
 * CosCredentialsProvider fixed = CosCredentialsProvider.of(CosCredentials.of(id, key));
 * CosCredentialsProvider env = CosCredentialsProvider.environment();
 * CosCredentialsProvider sts = () -> stsCache.current();
 * }</pre>
 */
@FunctionalInterface
public interface CosCredentialsProvider {

  /**
   * The credentials to sign the next attempt with.
   *
   * @return the credentials, never null
   */
  CosCredentials resolve();

  /**
   * Always the same credentials.
   *
   * @param credentials the credentials
   * @return the provider
   */
  static CosCredentialsProvider of(CosCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return () -> credentials;
  }

  /**
   * Reads {@code TENCENTCLOUD_SECRET_ID}, {@code TENCENTCLOUD_SECRET_KEY} and the optional {@code
   * TENCENTCLOUD_SESSION_TOKEN} from the environment.
   *
   * @return the provider; it throws {@link InvalidRequestException} naming a missing variable
   */
  static CosCredentialsProvider environment() {
    return fromVariables(System::getenv);
  }

  /**
   * Reads the same variables from any source.
   *
   * @param variables looks a variable up by name, null when unset
   * @return the provider
   */
  static CosCredentialsProvider fromVariables(UnaryOperator<String> variables) {
    Objects.requireNonNull(variables, "variables");
    return () -> {
      String id = variables.apply("TENCENTCLOUD_SECRET_ID");
      String key = variables.apply("TENCENTCLOUD_SECRET_KEY");
      if (id == null || id.isEmpty()) {
        throw new InvalidRequestException("credentials", "TENCENTCLOUD_SECRET_ID is not set");
      }
      if (key == null || key.isEmpty()) {
        throw new InvalidRequestException("credentials", "TENCENTCLOUD_SECRET_KEY is not set");
      }
      return CosCredentials.of(id, key, variables.apply("TENCENTCLOUD_SESSION_TOKEN"));
    };
  }
}
