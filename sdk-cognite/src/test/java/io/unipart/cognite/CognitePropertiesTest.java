package io.unipart.cognite;

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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Generated requests: valid ones arrive as the JSON they describe; invalid ones never leave. */
class CognitePropertiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static WireMockServer server;
  static CogniteMultipartClient client;

  @BeforeContainer
  static void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    client = CogniteMultipartClient.builder().baseUrl(server.baseUrl()).project("props")
        .token("t").build();
  }

  @AfterContainer
  static void stop() {
    client.close();
    server.stop();
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(256)
        .filter(n -> n.chars().noneMatch(c -> Character.isSurrogate((char) c)));
  }

  @Provide
  Arbitrary<Map<String, String>> metadata() {
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20),
        Arbitraries.strings().ascii().ofMaxLength(50)).ofMaxSize(20);
  }

  @Property(tries = 200)
  void validRequestsArriveAsTheJsonTheyDescribe(@ForAll("names") String name,
      @ForAll("metadata") Map<String, String> metadata,
      @ForAll @IntRange(min = 1, max = 250) int parts,
      @ForAll @LongRange(min = 1, max = 9_007_199_254_740_991L) long assetId) throws Exception {
    server.resetAll();
    StringBuilder urls = new StringBuilder();
    for (int i = 1; i <= parts; i++) {
      urls.append(i == 1 ? "" : ",").append("\"https://u.example.com/").append(i).append('"');
    }
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withBody(
        "{\"id\":1,\"uploadId\":\"u\",\"uploadUrls\":[" + urls + "]}")));

    client.initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key(name)
        .metadata(metadata).partCount(parts).build())
        .assetIds(assetId).build());

    List<LoggedRequest> sent = server.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getUrl()).endsWith("/files/initmultipartupload?parts=" + parts);
    JsonNode body = JSON.readTree(sent.get(0).getBody());
    assertThat(body.get("name").asText()).isEqualTo(name);
    if (metadata.isEmpty()) {
      assertThat(body.has("metadata")).as("no metadata, none sent").isFalse();
    } else {
      assertThat(JSON.convertValue(body.get("metadata"), Map.class)).isEqualTo(metadata);
    }
    assertThat(body.get("assetIds").get(0).asLong()).isEqualTo(assetId);
  }

  @Property(tries = 200)
  void outOfRangeValuesNeverLeave(@ForAll @IntRange(min = 251, max = 100_000) int parts,
      @ForAll @LongRange(min = 9_007_199_254_740_992L) long tooBigId,
      @ForAll @IntRange(min = 257, max = 400) int nameLength) {
    server.resetRequests();
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("n")
            .partCount(parts).build()).build()))
        .field()).isEqualTo("partCount");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(CogniteInitiateRequest.builder(UploadRequest.builder().key("n")
            .partCount(1).build())
            .dataSetId(tooBigId).build())).field()).isEqualTo("dataSetId");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(CogniteInitiateRequest.builder(UploadRequest.builder()
            .key("n".repeat(nameLength)).partCount(1).build()).build())).field()).isEqualTo("name");
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
