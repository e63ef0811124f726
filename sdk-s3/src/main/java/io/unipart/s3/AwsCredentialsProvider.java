package io.unipart.s3;

import io.unipart.InvalidRequestException;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Supplies credentials for each request. The client asks before signing every attempt, so a
 * provider that refreshes (from a vault, STS, a file) is picked up without rebuilding the client.
 * Implementations must be thread-safe and should cache what is expensive to fetch.
 *
 * <pre>{@code
 * AwsCredentialsProvider fixed = AwsCredentialsProvider.of(AwsCredentials.of(id, secret));
 * AwsCredentialsProvider env = AwsCredentialsProvider.environment();
 * AwsCredentialsProvider rotating = () -> vault.currentS3Credentials();
 * }</pre>
 */
@FunctionalInterface
public interface AwsCredentialsProvider {

  /**
   * The credentials to sign the next attempt with.
   *
   * @return the credentials, never null
   */
  AwsCredentials resolve();

  /**
   * Always the same credentials.
   *
   * @param credentials the credentials
   * @return the provider
   */
  static AwsCredentialsProvider of(AwsCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return () -> credentials;
  }

  /**
   * Reads {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and the optional {@code
   * AWS_SESSION_TOKEN} from the environment.
   *
   * @return the provider; it throws {@link InvalidRequestException} naming the missing variable
   */
  static AwsCredentialsProvider environment() {
    return fromVariables(System::getenv);
  }

  /**
   * Reads the same variables from any source (for tests and custom environments).
   *
   * @param variables looks a variable up by name, null when unset
   * @return the provider
   */
  static AwsCredentialsProvider fromVariables(UnaryOperator<String> variables) {
    Objects.requireNonNull(variables, "variables");
    return () -> {
      String id = variables.apply("AWS_ACCESS_KEY_ID");
      String secret = variables.apply("AWS_SECRET_ACCESS_KEY");
      if (id == null || id.isEmpty()) {
        throw new InvalidRequestException("credentials", "AWS_ACCESS_KEY_ID is not set");
      }
      if (secret == null || secret.isEmpty()) {
        throw new InvalidRequestException("credentials", "AWS_SECRET_ACCESS_KEY is not set");
      }
      return AwsCredentials.of(id, secret, variables.apply("AWS_SESSION_TOKEN"));
    };
  }
}
