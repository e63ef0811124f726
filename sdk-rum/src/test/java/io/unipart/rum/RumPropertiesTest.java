package io.unipart.rum;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Generated requests: valid ones arrive as the JSON they describe; invalid ones never leave. */
class RumPropertiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static WireMockServer server;
  static RumSourcemapClient client;

  @BeforeContainer
  static void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withBody("{\"code\":200,\"content\":"
        + "{\"uploadId\":\"u\"},\"errorCode\":\"\",\"message\":\"\",\"success\":true,"
        + "\"traceId\":\"T\"}")));
    client = RumSourcemapClient.builder().baseUrl(server.baseUrl()).apiKey("k").noRateLimit()
        .build();
  }

  @AfterContainer
  static void stop() {
    client.close();
    server.stop();
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.strings().ofMaxLength(40)
        .filter(s -> s.chars().noneMatch(c -> Character.isISOControl(c)
            || Character.isSurrogate((char) c)));
  }

  @Property(tries = 200)
  void validRequestsArriveAsTheJsonTheyDescribe(@ForAll("text") String app,
      @ForAll("text") String version, @ForAll("text") String env, @ForAll boolean cover)
      throws Exception {
    String appId = "a" + app;
    server.resetRequests();
    client.initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").overwrite(cover)
        .build()).appId(appId).version(version).env(env).build());
    JsonNode body = JSON.readTree(server.findAll(anyRequestedFor(anyUrl())).get(0)
        .getBody());
    assertThat(body.get("appId").asText()).isEqualTo(appId);
    assertThat(body.get("version").asText()).isEqualTo(version);
    assertThat(body.get("env").asText()).isEqualTo(env);
    assertThat(body.get("needCover").asBoolean()).isEqualTo(cover);
    assertThat(body.size()).isEqualTo(4);
  }

  @Property(tries = 100)
  void blankOrControlAppIdsNeverLeave(@ForAll("bad") String appId) {
    server.resetRequests();
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
            .version("").appId(appId).build())).field())
        .isEqualTo("appId");
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Provide
  Arbitrary<String> bad() {
    return Arbitraries.oneOf(Arbitraries.strings().withChars(' ', '\t').ofMaxLength(5),
        Arbitraries.strings().alpha().ofMaxLength(5).flatMap(s -> Arbitraries.chars()
            .range('\u0000', '\u001f').map(c -> s + c)));
  }
}
