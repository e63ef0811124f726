package io.unipart.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.MultipartInitiator;
import io.unipart.Timeouts;
import io.unipart.UploadSession;
import io.unipart.cognite.ClientCredentials;
import io.unipart.cos.CosCredentials;
import io.unipart.cos.CosServerSideEncryption;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.ServerSideEncryption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With recognisable secrets in every dialect and unipart logging at TRACE, the failure paths and
 * the success path never show a secret: not in the log, not in exception messages, not in any
 * public object's {@code toString()}.
 */
class SecretsTest {
  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void noSecretInLogsExceptionsOrToString() throws Exception {
    List<String> seen = new ArrayList<>();
    int[] statuses = {200, 401, 403, 429, 500, 503};
    for (Dialect d : Dialects.all()) {
      for (int status : statuses) {
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(status == 200 ? d.success()
            : aResponse().withStatus(status).withBody("{\"error\":\"nope\"}")));
        try (MultipartInitiator client = d.client(server.baseUrl(), b -> b
            .retryPolicy(io.unipart.RetryPolicy.builder().maxAttempts(2).build())
            .sleeper(x -> { }).timeouts(Timeouts.builder().attempt(Duration.ofSeconds(2))
                .build()))) {
          UploadSession[] session = new UploadSession[1];
          Throwable t = catchThrowable(() -> session[0] = client.initiate(d.request()));
          seen.add(client.toString());
          seen.add(d.request().toString());
          if (session[0] != null) {
            seen.add(session[0].toString());
            seen.add(session[0].toJson());
          }
          for (Throwable c = t; c != null; c = c.getCause()) {
            seen.add(c.toString());
            seen.add(String.valueOf(c.getMessage()));
            if (c instanceof io.unipart.ServiceException) {
              seen.add(((io.unipart.ServiceException) c).error().toString());
              seen.add(((io.unipart.ServiceException) c).details().toString());
            }
          }
        }
      }
    }
    seen.add(AwsCredentials.of("AKIDX", Dialect.S3_SECRET, Dialect.S3_TOKEN).toString());
    seen.add(CosCredentials.of("AKIDX", Dialect.COS_SECRET, Dialect.COS_TOKEN).toString());
    byte[] key = "0123456789ABCDEF0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    seen.add(ServerSideEncryption.customerKey(key).toString());
    seen.add(CosServerSideEncryption.customerKey(key).toString());
    try (ClientCredentials oauth = ClientCredentials.builder()
        .tokenUrl(server.baseUrl() + "/token").clientId("id").clientSecret(Dialect.COGNITE_TOKEN)
        .build()) {
      seen.add(oauth.toString());
    }
    List<String> secrets = new ArrayList<>(Dialect.ALL_SECRETS);
    secrets.add(Base64.getEncoder().encodeToString(key));

    for (String text : seen) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
    String log = Files.readString(Path.of(System.getProperty("unipart.traceLog")),
        StandardCharsets.UTF_8);
    for (String dialect : List.of("s3", "cos", "cognite", "rum", "presigned")) {
      assertThat(log).as("TRACE logging reached %s", dialect).contains(dialect + " POST ");
    }
    for (String secret : secrets) {
      assertThat(log).doesNotContain(secret);
    }
    assertThat(log).doesNotContain("Signature=").doesNotContain("q-signature=")
        .doesNotContain("Bearer ");
  }
}
