package io.unipart.hardening;

import io.unipart.ClientBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.unipart.MultipartInitiator;
import io.unipart.UploadRequest;
import java.util.List;
import java.util.function.Consumer;

/** One dialect as the shared suites drive it: a client, a request, a success answer, secrets. */
interface Dialect {
  /** Secrets configured for the dialect's clients, recognisable in any output. */
  String S3_SECRET = "S3SECRET-do-not-leak-0001";
  String S3_TOKEN = "S3TOKEN-do-not-leak-0002";
  String COS_SECRET = "COSSECRET-do-not-leak-0003";
  String COS_TOKEN = "COSTOKEN-do-not-leak-0004";
  String COGNITE_TOKEN = "COGNITETOKEN-do-not-leak-0005";
  String RUM_KEY = "RUMKEY-do-not-leak-0006";
  String PRESIGNED_TOKEN = "PRESIGNEDTOKEN-do-not-leak-0007";

  List<String> ALL_SECRETS =
      List.of(S3_SECRET, S3_TOKEN, COS_SECRET, COS_TOKEN, COGNITE_TOKEN, RUM_KEY, PRESIGNED_TOKEN);

  /** The dialect id. */
  String name();

  /** A client for a base URL; {@code settings} applies timeouts, sleeper and the like. */
  MultipartInitiator client(String baseUrl, Consumer<ClientBuilder<?>> settings);

  /** The retry policy the dialect's clients use unless given one. */
  default io.unipart.RetryPolicy defaultRetryPolicy() {
    return io.unipart.RetryPolicy.defaults();
  }

  /** A valid neutral request. */
  UploadRequest request();

  /** What the provider answers to {@link #request()} when all goes well. */
  String successBody();

  /** The success status. */
  default int successStatus() {
    return 200;
  }

  /** Attempts made for a status that keeps coming back, under the default retry policy. */
  default int attemptsFor(int status) {
    return status == 429 || status >= 500 && status != 501 ? 3 : 1;
  }

  /** A success answer. */
  default ResponseDefinitionBuilder success() {
    return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
        .withStatus(successStatus())
        .withHeader("Content-Type", successBody().startsWith("<") ? "application/xml"
            : "application/json")
        .withBody(successBody());
  }
}
