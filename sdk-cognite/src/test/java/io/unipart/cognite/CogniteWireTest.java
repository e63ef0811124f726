package io.unipart.cognite;

import io.unipart.spi.ServiceError;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.AuthenticationException;
import io.unipart.PartTarget;
import io.unipart.ServiceException;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cognite's request, answers and errors, against a local WireMock server. */
class CogniteWireTest {
  static final String PATH = "/api/v1/projects/publicdata/files/initmultipartupload";
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<CogniteMultipartClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(CogniteMultipartClient::close);
  }

  CogniteMultipartClient client(Consumer<CogniteMultipartClient.Builder> custom) {
    CogniteMultipartClient.Builder b = CogniteMultipartClient.builder()
        .baseUrl("http://127.0.0.1:" + wm.getPort()).project("publicdata")
        .token("cdf-token").sleeper(sleeps::add);
    custom.accept(b);
    CogniteMultipartClient c = b.build();
    clients.add(c);
    return c;
  }

  CogniteMultipartClient client() {
    return client(b -> { });
  }

  static String url(int n) {
    return "https://storage.example.com/upload/part-" + n + "?sig=abc" + n;
  }

  static String file(int parts, boolean wrapped) {
    StringBuilder urls = new StringBuilder();
    for (int i = 1; i <= parts; i++) {
      urls.append(i == 1 ? "" : ",").append('"').append(url(i)).append('"');
    }
    String file = "{\"name\":\"pump.mp4\",\"id\":4503599627370496,\"uploaded\":false,"
        + "\"uploadId\":\"up-123\",\"externalId\":\"pump-42\",\"uploadUrls\":[" + urls + "]}";
    return wrapped ? "{\"items\":[" + file + "]}" : file;
  }

  static LoggedRequest onlyRequest() {
    List<LoggedRequest> all = wm.findAll(postRequestedFor(anyUrl()));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  /**
   * The seed's request and response. Two placeholders of the seed break its own rules and are
   * replaced: its directory "&lt;string&gt;" is not an absolute path, and its upload "URLs" are
   * not URLs.
   */
  @Test
  void reproducesTheSeedRequestAndMapsTheSeedResponse() throws Exception {
    String seedResponse = "{\"items\":[{\"name\":\"<string>\",\"id\":4503599627370496,"
        + "\"uploaded\":true,\"createdTime\":1730204346000,\"lastUpdatedTime\":1730204346000,"
        + "\"uploadId\":\"<string>\",\"uploadUrls\":[\"" + url(1) + "\",\"" + url(2) + "\",\""
        + url(3) + "\"],\"externalId\":\"my.known.id\",\"directory\":\"/<string>\","
        + "\"source\":\"<string>\",\"mimeType\":\"image/jpeg\",\"metadata\":{},\"assetIds\":"
        + "[4503599627370496],\"dataSetId\":4503599627370496,\"sourceCreatedTime\":1730204346000,"
        + "\"sourceModifiedTime\":1730204346000,\"securityCategories\":[4503599627370496],"
        + "\"labels\":[{\"externalId\":\"my.known.id\"}],\"geoLocation\":{\"type\":\"Feature\","
        + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[123]},\"properties\":{}},"
        + "\"uploadedTime\":1730204346000,\"instanceId\":{\"space\":\"<string>\","
        + "\"externalId\":\"<string>\"}}]}";
    wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withHeader("x-request-id", "req-cdf-1")
        .withBody(seedResponse)));

    UploadSession s = client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder()
        .key("<string>").contentType("image/jpeg").metadata(java.util.Map.of()).partCount(3)
        .build()).externalId("my.known.id").directory("/<string>").source("<string>")
        .assetIds(4503599627370496L)
        .dataSetId(4503599627370496L).sourceCreatedTime(1730204346000L)
        .sourceModifiedTime(1730204346000L).securityCategories(4503599627370496L)
        .labels("my.known.id").build());

    LoggedRequest r = onlyRequest();
    assertThat(r.getUrl()).isEqualTo(PATH + "?parts=3");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer cdf-token");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    // The seed's body but for its empty "metadata": {}: the neutral request's metadata is a map,
    // empty when unset, and an empty map is not sent (Cognite's metadata is optional).
    JsonNode seedBody = JSON.readTree("{\"name\":\"<string>\",\"externalId\":\"my.known.id\","
        + "\"directory\":\"/<string>\",\"source\":\"<string>\",\"mimeType\":\"image/jpeg\","
        + "\"assetIds\":[4503599627370496],\"dataSetId\":4503599627370496,"
        + "\"sourceCreatedTime\":1730204346000,\"sourceModifiedTime\":1730204346000,"
        + "\"securityCategories\":[4503599627370496],\"labels\":[{\"externalId\":"
        + "\"my.known.id\"}]}");
    assertThat(JSON.readTree(r.getBodyAsString())).isEqualTo(seedBody);

    assertThat(s.dialect()).isEqualTo("cognite");
    assertThat(s.destination()).isEqualTo("publicdata");
    assertThat(s.key()).isEqualTo("<string>");
    assertThat(s.uploadId()).isEqualTo("<string>");
    assertThat(s.requestId()).contains("req-cdf-1");
    assertThat(s.handles()).containsEntry("fileId", "4503599627370496")
        .containsEntry("externalId", "my.known.id");
    assertThat(s.parts()).extracting(PartTarget::partNumber).containsExactly(1, 2, 3);
    assertThat(s.parts()).extracting(PartTarget::url)
        .containsExactly(URI.create(url(1)), URI.create(url(2)), URI.create(url(3)));
  }

  @Test
  void acceptsTheTopLevelFileObjectToo() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201).withBody(file(2, false))));
    UploadSession s = client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder()
        .key("pump.mp4").partCount(2).build()).build());
    assertThat(s.uploadId()).isEqualTo("up-123");
    assertThat(s.parts()).hasSize(2);
  }

  @Test
  void theNeutralRequestPlansPartsFromTheContentLength() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201).withBody(file(14, true))));
    UploadSession s = client(b -> b.cdfVersion("20230101").appName("inspections"))
        .initiate(UploadRequest.builder().key("pump.mp4").contentType("video/mp4")
            .contentLength(734_003_200L).metadata("site", "oslo").build());
    LoggedRequest r = onlyRequest();
    assertThat(r.getUrl()).isEqualTo(PATH + "?parts=14");
    assertThat(r.getHeader("cdf-version")).isEqualTo("20230101");
    assertThat(r.getHeader("x-cdp-app")).isEqualTo("inspections");
    assertThat(JSON.readTree(r.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"name\":\"pump.mp4\",\"mimeType\":\"video/mp4\",\"metadata\":{\"site\":\"oslo\"}}"));
    assertThat(s.partSize()).hasValue(50L << 20);
    assertThat(s.contentLength()).hasValue(734_003_200L);
    assertThat(s.parts()).hasSize(14);
  }

  @Test
  void overwriteGoesInTheQuery() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201).withBody(file(1, true))));
    client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("pump.mp4")
        .overwrite(true).partCount(1).build()).externalId("pump-42").build());
    assertThat(onlyRequest().getUrl()).isEqualTo(PATH + "?parts=1&overwrite=true");
  }

  @Test
  void aUrlCountOtherThanPartsIsATypedError() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201).withBody(file(2, true))));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(3).build()).build()));
    assertThat(e.error().kind()).isEqualTo(ServiceError.Kind.MALFORMED_RESPONSE);
    assertThat(e.errorMessage()).contains("asked for 3 upload URLs, got 2");
  }

  /**
   * The answer is read strictly: the id and times decide whether abort may delete the file, so a
   * number in a string, a fraction, or a string where a URL's text belongs is a wrong answer.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "\"id\":\"4503599627370496\"", "\"id\":4503599627370496.5",
      "\"createdTime\":\"1\",\"lastUpdatedTime\":1", "\"uploadId\":42",
      "\"uploadUrls\":[42]", "\"uploaded\":\"false\"", "\"items\":{}"})
  void aValueOfTheWrongTypeIsATypedErrorNotACoercion(String wrong) {
    java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("name", "\"pump.mp4\"");
    fields.put("id", "4503599627370496");
    fields.put("uploaded", "false");
    fields.put("uploadId", "\"up-123\"");
    fields.put("uploadUrls", "[\"" + url(1) + "\"]");
    for (String field : wrong.split(",(?=\")")) {
      int colon = field.indexOf(':');
      fields.put(field.substring(1, colon - 1), field.substring(colon + 1));
    }
    StringBuilder body = new StringBuilder("{");
    fields.forEach((k, v) -> body.append(body.length() == 1 ? "" : ",").append('"').append(k)
        .append("\":").append(v));
    body.append('}');
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201)
        .withBody(body.toString())));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build()).build()));
    assertThat(e).as(body.toString()).isNotNull();
    assertThat(e.error().kind()).isEqualTo(ServiceError.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void uploadUrlsThatAreNotUrlsAreATypedError() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201).withBody(
        "{\"id\":1,\"uploadId\":\"u\",\"uploadUrls\":[\"uploadURL_for_part_1\"]}")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build()).build()));
    assertThat(e.errorMessage()).contains("not an absolute http(s) URL");
  }

  @Test
  void errorBodiesKeepCodeMessageMissingAndDuplicated() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(400)
        .withHeader("x-request-id", "req-400")
        .withBody("{\"error\":{\"code\":400,\"message\":\"Asset ids not found\","
            + "\"missing\":[{\"id\":123}]}}")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build())
            .assetIds(123).build()));
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.errorCode()).isEqualTo("400");
    assertThat(e.errorMessage()).isEqualTo("Asset ids not found");
    assertThat(e.requestId()).isEqualTo("req-400");
    assertThat(e.details()).containsEntry("missing", "[{\"id\":123}]");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void aStringErrorIsKeptAsTheMessage() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(400)
        .withBody("{\"error\":\"bad request\"}")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build()).build()));
    assertThat(e.errorMessage()).isEqualTo("bad request");
  }

  @Test
  void aDuplicatedExternalIdIsAConflict() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(409)
        .withBody("{\"error\":{\"code\":409,\"message\":\"Duplicate external ids\","
            + "\"duplicated\":[{\"externalId\":\"pump-42\"}]}}")));
    UploadConflictException e = catchThrowableOfType(UploadConflictException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build()).externalId("pump-42").build()));
    assertThat(e.details()).containsEntry("duplicated", "[{\"externalId\":\"pump-42\"}]");
    assertThat(e.errorMessage()).contains("overwrite(true)");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void unauthorizedAndForbiddenAreAuthenticationErrors() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403)
        .withBody("{\"error\":{\"code\":403,\"message\":\"Resource not found\"}}")));
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build()).build()));
    assertThat(e.httpStatus()).isEqualTo(403);
    assertThat(e.getMessage()).doesNotContain("cdf-token");
  }

  @Test
  void a401WithAFixedTokenIsFinal() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(401)
        .withBody("{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}")));
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build()).build()));
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void throttlingIsRetriedHonouringRetryAfter() {
    wm.stubFor(post(anyUrl()).inScenario("t").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
            .withBody("{\"error\":{\"code\":429,\"message\":\"Too many requests\"}}"))
        .willSetStateTo("ok"));
    wm.stubFor(post(anyUrl()).inScenario("t").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(201).withBody(file(1, true))));
    UploadSession s = client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder()
        .key("a").partCount(1).build())
        .build());
    assertThat(s.uploadId()).isEqualTo("up-123");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void a500IsNotRetriedUnlessMarkedAutoRetryable() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(500)
        .withBody("{\"error\":{\"code\":500,\"message\":\"Internal\"}}")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build()).build()));
    assertThat(e.attempts()).isEqualTo(1);

    wm.resetAll();
    wm.stubFor(post(anyUrl()).inScenario("a").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500).withHeader("cdf-is-auto-retryable", "true"))
        .willSetStateTo("ok"));
    wm.stubFor(post(anyUrl()).inScenario("a").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(201).withBody(file(1, true))));
    assertThat(client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
        .partCount(1).build()).build())
        .uploadId()).isEqualTo("up-123");
  }

  @Test
  void anHtmlGatewayErrorIsRetriedThenReported() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(502)
        .withHeader("Content-Type", "text/html").withBody("<html>Bad Gateway</html>")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("a")
            .partCount(1).build()).build()));
    // Cognite's SDK default: up to 10 retries.
    assertThat(e.attempts()).isEqualTo(11);
    assertThat(e.errorMessage()).contains("not a Cognite error").contains("Bad Gateway");
  }

  @Test
  void theNeutralOverwriteCannotBeHonouredWithoutAnExternalId() {
    io.unipart.InvalidRequestException e = catchThrowableOfType(
        io.unipart.InvalidRequestException.class,
        () -> client().initiate(UploadRequest.builder().key("a").partCount(1).overwrite(true)
            .build()));
    assertThat(e.field()).isEqualTo("overwrite");
    assertThat(wm.findAll(postRequestedFor(anyUrl()))).isEmpty();
  }
}
