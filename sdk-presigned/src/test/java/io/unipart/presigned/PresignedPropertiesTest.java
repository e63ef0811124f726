package io.unipart.presigned;

import io.unipart.UploadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.unipart.InvalidRequestException;
import io.unipart.PartTarget;
import io.unipart.UploadSession;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Generated requests: valid ones arrive as the JSON they describe; invalid ones never leave. */
class PresignedPropertiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static WireMockServer server;
  static PresignedMultipartClient client;

  @BeforeContainer
  static void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    client = PresignedMultipartClient.builder().baseUrl(server.baseUrl()).projectId("p")
        .bearerToken("t").build();
  }

  @AfterContainer
  static void stop() {
    client.close();
    server.stop();
  }

  @Property(tries = 150)
  void validRequestsArriveAsTheJsonTheyDescribe(
      @ForAll @AlphaChars @StringLength(min = 1, max = 60) String fileName,
      @ForAll @IntRange(min = 1, max = 300) int parts,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long length,
      @ForAll @IntRange(min = 1, max = 168) int hours) throws Exception {
    server.resetAll();
    StringBuilder urls = new StringBuilder();
    for (int i = parts; i >= 1; i--) {
      urls.append(i == parts ? "" : ",").append("{\"partNumber\":").append(i)
          .append(",\"presignedUrl\":\"https://s3.example.com/").append(i).append("\"}");
    }
    server.stubFor(any(anyUrl()).willReturn(aResponse().withBody("{\"success\":true,"
        + "\"result\":{\"uploadId\":\"u\",\"requestKey\":\"r\",\"presignedUrl\":[" + urls
        + "]}}")));

    UploadSession s = client.initiate(PresignedInitiateRequest.builder(UploadRequest.builder()
        .key(fileName).partCount(parts).contentLength(length).build())
        .presignedUrlExpiryTimeHours(hours).build());

    JsonNode body = JSON.readTree(server.findAll(anyRequestedFor(anyUrl())).get(0)
        .getBody());
    assertThat(body.get("fileName").asText()).isEqualTo(fileName);
    assertThat(body.get("partsNumber").asInt()).isEqualTo(parts);
    assertThat(body.get("contentLength").isTextual()).isTrue();
    assertThat(body.get("contentLength").asText()).isEqualTo(Long.toString(length));
    assertThat(body.get("presignedUrlExpiryTimeHours").asInt()).isEqualTo(hours);
    assertThat(s.parts()).extracting(PartTarget::partNumber)
        .isSorted().hasSize(parts).startsWith(1).endsWith(parts);
  }

  @Property(tries = 150)
  void outOfRangeValuesNeverLeave(@ForAll @IntRange(min = -1000, max = 0) int parts,
      @ForAll @IntRange(min = 169, max = 10_000) int hours,
      @ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long length) {
    server.resetRequests();
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(PresignedInitiateRequest.builder(UploadRequest.builder().key("f")
            .partCount(parts).build()).build())).field()).isEqualTo("partCount");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(PresignedInitiateRequest.builder(UploadRequest.builder().key("f")
            .partCount(1).build()).presignedUrlExpiryTimeHours(hours).build())).field())
        .isEqualTo("presignedUrlExpiryTimeHours");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(PresignedInitiateRequest.builder(UploadRequest.builder().key("f")
            .partCount(1).contentLength(length).build()).build())).field())
        .isEqualTo("contentLength");
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
