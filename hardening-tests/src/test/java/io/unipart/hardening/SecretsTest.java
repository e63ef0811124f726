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

  static final String ISSUED_TOKEN = "ISSUEDTOKEN-do-not-leak-0008";
  static final String PART_SIGNATURE = "PARTSIG-do-not-leak-0009";

  /**
   * What an upload carries beyond the client's own secrets: an SSE-C key (S3 and COS), a token
   * an identity provider issued (Cognite's client credentials), and the signatures of presigned
   * part URLs. Through failing uploads, none reaches a message, a {@code toString()} or the TRACE
   * log; the key never reaches a checkpoint, and a part URL only where the provider requires it
   * (a Cognite session's URLs are what a resume sends to).
   */
  @Test
  void noCustomerKeyIssuedTokenOrPartUrlSignatureLeaks(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    String keyB64 = Base64.getEncoder().encodeToString(key);
    List<String> seen = new ArrayList<>();
    byte[] data = new byte[(5 << 20) + 10];
    Path file = Files.write(dir.resolve("f.bin"), data);
    io.unipart.RetryPolicy twice = io.unipart.RetryPolicy.builder().maxAttempts(2).build();

    // SSE-C: S3 and COS, the upload kept at a failed complete.
    server.resetAll();
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
        com.github.tomakehurst.wiremock.client.WireMock.urlMatching(".*\\?uploads"))
        .willReturn(aResponse().withStatus(200).withBody("<InitiateMultipartUploadResult>"
            + "<Bucket>media</Bucket><Key>f.bin</Key><UploadId>up-1</UploadId>"
            + "</InitiateMultipartUploadResult>")));
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(anyUrl())
        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    // The store proves it honours SSE-C: the probe object is refused without its key.
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.head(anyUrl())
        .willReturn(aResponse().withStatus(400)));
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(anyUrl())
        .willReturn(aResponse().withStatus(204)));
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
        com.github.tomakehurst.wiremock.client.WireMock.urlMatching(".*\\?uploadId=up-1"))
        .willReturn(aResponse().withStatus(500).withBody("<Error><Code>InternalError</Code>"
            + "<Message>try again</Message></Error>")));
    io.unipart.UploadRequest request = io.unipart.UploadRequest.builder().key("f.bin")
        .partSize(5L << 20).build();
    io.unipart.TransferOptions keep = io.unipart.TransferOptions.builder()
        .checkpoint(dir.resolve("s3.checkpoint")).abortOnFailure(false).build();
    try (io.unipart.s3.S3MultipartClient s3 = io.unipart.s3.S3MultipartClient.builder()
        .endpoint(server.baseUrl()).region("us-east-1").bucket("media")
        .credentials(AwsCredentials.of("AKIDX", Dialect.S3_SECRET)).retryPolicy(twice)
        .sleeper(x -> { }).build()) {
      UploadSession started = s3.initiate(io.unipart.s3.S3InitiateRequest.builder(request)
          .serverSideEncryption(ServerSideEncryption.customerKey(key)).build());
      Throwable t = catchThrowable(() -> io.unipart.MultipartUploader.builder(s3).build()
          .upload(file, started, keep));
      assertThat(t).isInstanceOf(io.unipart.UploadFailedException.class);
      collect(seen, t);
      seen.add(started.toString());
      seen.add(started.toJson());
      seen.add(s3.toString());
      seen.add(Files.readString(dir.resolve("s3.checkpoint")));
    }
    io.unipart.TransferOptions keepCos = io.unipart.TransferOptions.builder()
        .checkpoint(dir.resolve("cos.checkpoint")).abortOnFailure(false).build();
    try (io.unipart.cos.CosMultipartClient cos = io.unipart.cos.CosMultipartClient.builder()
        .region("ap-beijing").bucket("media-1250000000").endpoint(server.baseUrl())
        .credentials(CosCredentials.of("AKIDX", Dialect.COS_SECRET)).retryPolicy(twice)
        .sleeper(x -> { }).build()) {
      UploadSession started = cos.initiate(io.unipart.cos.CosInitiateRequest.builder(request)
          .serverSideEncryption(CosServerSideEncryption.customerKey(key)).build());
      Throwable t = catchThrowable(() -> io.unipart.MultipartUploader.builder(cos).build()
          .upload(file, started, keepCos));
      assertThat(t).isInstanceOf(io.unipart.UploadFailedException.class);
      collect(seen, t);
      seen.add(started.toJson());
      seen.add(Files.readString(dir.resolve("cos.checkpoint")));
    }

    // A token issued by client credentials, and part URLs whose signature must stay unseen.
    server.resetAll();
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
        com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/token"))
        .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"" + ISSUED_TOKEN
            + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
    String partUrl = server.baseUrl() + "/storage/part-1?sig=" + PART_SIGNATURE;
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
        com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(".*initmultipartupload"))
        .willReturn(aResponse().withStatus(201).withBody("{\"items\":[{\"id\":42,\"name\":"
            + "\"f.bin\",\"uploadId\":\"cdf-up\",\"uploadUrls\":[\"" + partUrl + "\"]}]}")));
    server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(
        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/storage/part-1"))
        .willReturn(aResponse().withStatus(403).withBody("<Error><Code>AccessDenied</Code>"
            + "<Message>Request has expired</Message></Error>")));
    Path cogniteCheckpoint = dir.resolve("cdf.checkpoint");
    try (ClientCredentials oauth = ClientCredentials.builder().allowPlainHttp(true)
            .tokenUrl(server.baseUrl() + "/token").clientId("id")
            .clientSecret(Dialect.COGNITE_TOKEN).build();
         io.unipart.cognite.CogniteMultipartClient cdf =
             io.unipart.cognite.CogniteMultipartClient.builder().baseUrl(server.baseUrl())
                 .allowPlainHttp(true).project("p").tokenSource(oauth).retryPolicy(twice)
                 .sleeper(x -> { }).build()) {
      Throwable t = catchThrowable(() -> io.unipart.MultipartUploader.builder(cdf).build()
          .upload(file, io.unipart.UploadRequest.builder().key("f.bin").partCount(1).build(),
              io.unipart.TransferOptions.builder().checkpoint(cogniteCheckpoint)
                  .abortOnFailure(false).build()));
      assertThat(t).isInstanceOf(io.unipart.UploadFailedException.class);
      collect(seen, t);
      UploadSession session = ((io.unipart.UploadFailedException) t).session();
      seen.add(session.toString());
      seen.add(session.parts().toString());
      seen.add(oauth.toString());
      seen.add(cdf.toString());
      // The one place a part URL must be: the checkpoint a resume sends the parts from.
      assertThat(Files.readString(cogniteCheckpoint)).contains(PART_SIGNATURE);
    }

    List<String> secrets = List.of(keyB64, new String(key, StandardCharsets.US_ASCII),
        ISSUED_TOKEN, PART_SIGNATURE, Dialect.S3_SECRET, Dialect.COS_SECRET,
        Dialect.COGNITE_TOKEN);
    for (String text : seen) {
      for (String secret : secrets) {
        assertThat(text).as("something the application sees").doesNotContain(secret);
      }
    }
    String log = Files.readString(Path.of(System.getProperty("unipart.traceLog")),
        StandardCharsets.UTF_8);
    assertThat(log).contains("/storage/part-1");
    for (String secret : secrets) {
      assertThat(log).doesNotContain(secret);
    }
  }

  static void collect(List<String> seen, Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      seen.add(c.toString());
      seen.add(String.valueOf(c.getMessage()));
      for (Throwable s : c.getSuppressed()) {
        seen.add(s.toString());
      }
      if (c instanceof io.unipart.ServiceException e) {
        seen.add(e.error().toString());
        seen.add(e.details().toString());
      }
    }
  }
}
