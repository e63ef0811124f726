package io.unipart.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.ObjectHeaders;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartInitiator;
import io.unipart.TransportException;
import io.unipart.UploadRequest;
import io.unipart.cognite.ClientCredentials;
import io.unipart.cognite.CogniteInitiateRequest;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosInitiateRequest;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.S3InitiateRequest;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credentials never go over plain http to another machine without an explicit opt-in; TLS is
 * always verified; no public field can inject a header.
 */
class TransportSecurityTest {
  @RegisterExtension
  static WireMockExtension tls =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().dynamicHttpsPort())
          .build();

  static Stream<Dialect> dialects() {
    return Dialects.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void plainHttpToAnotherHostIsRefusedUnlessTheCallerOptsIn(Dialect d) {
    for (String url : List.of("http://storage.example.com", "http://10.1.2.3:9000",
        "http://192.168.1.20")) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> d.client(url, b -> { }).close());
      assertThat(e).as("%s %s", d, url).isNotNull();
      assertThat(e.rule()).contains("plain http").contains("allowPlainHttp(true)");
    }
    for (String url : List.of("http://127.0.0.1:9000", "http://localhost:9000",
        "http://[::1]:9000")) {
      d.client(url, b -> { }).close();
    }
    d.client("http://storage.example.com", b -> b.allowPlainHttp(true)).close();
  }

  @Test
  void theOauthTokenUrlFollowsTheSameRule() {
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> ClientCredentials.builder().tokenUrl("http://idp.example.com/token").clientId("a")
            .clientSecret("b").build()).field()).isEqualTo("tokenUrl");
    ClientCredentials.builder().tokenUrl("http://idp.example.com/token").allowPlainHttp(true)
        .clientId("a").clientSecret("b").build().close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void tlsIsVerifiedAndAnUntrustedCertificateIsNotRetried(Dialect d) {
    tls.stubFor(any(anyUrl()).willReturn(d.success()));
    String https = "https://127.0.0.1:" + tls.getHttpsPort();
    try (MultipartInitiator client = d.client(https, b -> b.sleeper(x -> { }))) {
      Throwable t = catchThrowable(() -> client.initiate(d.request()));
      assertThat(t).isInstanceOf(TransportException.class);
      assertThat(((TransportException) t).attempts()).isEqualTo(1);
      assertThat(t.getCause()).isInstanceOf(javax.net.ssl.SSLException.class);
    }
    assertThat(tls.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  static Stream<Supplier<Object>> injections() {
    String crlf = "x\r\nX-Injected: 1";
    return Stream.of(
        () -> S3InitiateRequest.builder(UploadRequest.builder().key("k").contentType(crlf).build())
            .build(),
        () -> ObjectHeaders.builder().cacheControl(crlf).build(),
        () -> ObjectHeaders.builder().contentDisposition(crlf).build(),
        () -> ObjectHeaders.builder().contentEncoding(crlf).build(),
        () -> ObjectHeaders.builder().expires(crlf).build(),
        () -> S3InitiateRequest.builder(UploadRequest.builder().key("k").metadata("m", crlf)
            .build()).build(),
        () -> S3InitiateRequest.builder(UploadRequest.builder().key("k")
            .metadata("bad\r\nname", "v").build()).build(),
        () -> S3InitiateRequest.builder(UploadRequest.builder().key("k").metadata("naïve", "v")
            .build()).build(),
        () -> S3InitiateRequest.builder(UploadRequest.builder().key("k").build())
            .storageClass("STANDARD\r\nX: 1").build(),
        () -> S3InitiateRequest.builder(UploadRequest.builder().key("k").build())
            .serverSideEncryption(
            io.unipart.s3.ServerSideEncryption.kms(crlf)).build(),
        () -> S3InitiateRequest.builder(UploadRequest.builder().key("line\r\nbreak").build())
            .build(),
        () -> CosInitiateRequest.builder(UploadRequest.builder().key("k").contentType(crlf).build())
            .build(),
        () -> CosInitiateRequest.builder(UploadRequest.builder().key("k").metadata("m", crlf)
            .build()).build(),
        () -> CosInitiateRequest.builder(UploadRequest.builder().key("k").metadata("ünï", "v")
            .build()).build(),
        () -> CosInitiateRequest.builder(UploadRequest.builder().key("k").build())
            .grantRead("1\r\n2").build(),
        () -> CosInitiateRequest.builder(UploadRequest.builder().key("k").build())
            .serverSideEncryption(
            io.unipart.cos.CosServerSideEncryption.kms(crlf, null)).build(),
        () -> CogniteMultipartClient.builder().baseUrl("https://x").project("p").token("t")
            .appName(crlf).build(),
        () -> CogniteMultipartClient.builder().baseUrl("https://x").project("p").token("t")
            .cdfVersion(crlf).build(),
        () -> io.unipart.s3.AwsCredentials.of("AKID\r\nX", "secret"),
        () -> io.unipart.cos.CosCredentials.of("id", "key\nX: 1"));
  }

  @ParameterizedTest
  @MethodSource("injections")
  void noPublicFieldCanInjectAHeader(Supplier<Object> build) {
    assertThat(catchThrowable(build::get)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void tokensAndKeysThatWouldInjectAHeaderAreRefusedBeforeSending() {
    String crlf = "t\r\nX-Injected: 1";
    // RUM's key and the presigned Authorization are refused as soon as they are set.
    assertThat(catchThrowable(() -> RumSourcemapClient.builder().apiKey(crlf)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(catchThrowable(() -> PresignedMultipartClient.builder().authorization(crlf)))
        .isInstanceOf(InvalidRequestException.class);
    // Suppliers and Cognite's token are asked at each attempt: refused before sending.
    List<MultipartInitiator> clients = List.of(
        CogniteMultipartClient.builder().baseUrl(tls.baseUrl()).project("p").token(crlf).build(),
        RumSourcemapClient.builder().baseUrl(tls.baseUrl()).apiKeySupplier(() -> crlf)
            .appId("a").build(),
        PresignedMultipartClient.builder().baseUrl(tls.baseUrl()).projectId("p")
            .authorizationSupplier(() -> crlf).build());
    for (MultipartInitiator c : clients) {
      try (c) {
        Throwable t = catchThrowable(() -> c.initiate(UploadRequest.builder().key("k")
            .partCount(1).build()));
        assertThat(t).as(c.toString()).isInstanceOf(InvalidRequestException.class);
      }
    }
    assertThat(tls.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    assertThat(catchThrowable(() -> CogniteInitiateRequest.builder(UploadRequest.builder().key("n")
        .partCount(1).build())
        .geoLocation("not json").build())).isInstanceOf(InvalidRequestException.class);
  }
}
