package io.unipart.cognite;

import io.unipart.UploadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.InvalidRequestException;
import io.unipart.UploadSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every documented limit, at the boundary (accepted and sent) and just past it (rejected naming
 * the field, nothing sent).
 */
class CogniteLimitsTest {
  static final long MAX_ID = 9_007_199_254_740_991L;
  static final long MIB = 1L << 20;

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  CogniteMultipartClient client;

  @BeforeEach
  void start() {
    client = CogniteMultipartClient.builder().baseUrl("http://127.0.0.1:" + wm.getPort())
        .project("publicdata").token("t").build();
  }

  @AfterEach
  void stop() {
    client.close();
  }

  static Map<String, String> pairs(int n, int keyBytes, int valueBytes) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = String.format("%03d", i);
      m.put(key + "k".repeat(Math.max(0, keyBytes - 3)), "v".repeat(valueBytes));
    }
    return m;
  }

  static long[] ids(int n) {
    return LongStream.rangeClosed(1, n).toArray();
  }

  static String[] labels(int n) {
    return Stream.iterate(1, i -> i + 1).limit(n).map(i -> "label-" + i).toArray(String[]::new);
  }

  /** A limit on a field: both sides start from a request that asks for one part. */
  static Arguments limit(String name, String field, UnaryOperator<CogniteInitiateRequest.Builder> ok,
      UnaryOperator<CogniteInitiateRequest.Builder> past) {
    UnaryOperator<CogniteInitiateRequest.Builder> onePart = b -> b.upload(u -> u.partCount(1));
    return Arguments.of(name, field, (UnaryOperator<CogniteInitiateRequest.Builder>)
        b -> ok.apply(onePart.apply(b)), (UnaryOperator<CogniteInitiateRequest.Builder>)
        b -> past.apply(onePart.apply(b)));
  }

  /** A limit on the part plan: both sides start from a request without parts. */
  static Arguments plan(String name, String field, UnaryOperator<CogniteInitiateRequest.Builder> ok,
      UnaryOperator<CogniteInitiateRequest.Builder> past) {
    return Arguments.of(name, field, ok, past);
  }

  static Stream<Arguments> limits() {
    return Stream.of(
        limit("name 256 chars", "name", b -> b.upload(u -> u.key("n".repeat(256))), b -> b.upload(u -> u.key("n".repeat(257)))),
        limit("name required", "key", b -> b.upload(u -> u.key("n")), b -> b.upload(u -> u.key(null))),
        limit("externalId 255", "externalId", b -> b.externalId("e".repeat(255)),
            b -> b.externalId("e".repeat(256))),
        limit("directory 512", "directory", b -> b.directory("/" + "d".repeat(511)),
            b -> b.directory("/" + "d".repeat(512))),
        limit("directory absolute", "directory", b -> b.directory("/a/b"),
            b -> b.directory("a/b")),
        limit("source 128", "source", b -> b.source("s".repeat(128)),
            b -> b.source("s".repeat(129))),
        limit("mimeType 256", "contentType", b -> b.upload(u -> u.contentType("m".repeat(256))),
            b -> b.upload(u -> u.contentType("m".repeat(257)))),
        limit("metadata key 128 bytes", "metadata[" + "000" + "k".repeat(126) + "]",
            b -> b.upload(u -> u.metadata(pairs(1, 128, 1))), b -> b.upload(u -> u.metadata(pairs(1, 129, 1)))),
        limit("metadata value 10240 bytes", "metadata", b -> b.upload(u -> u.metadata("k", "v".repeat(10239))),
            b -> b.upload(u -> u.metadata("k", "v".repeat(10240)))),
        limit("metadata value alone over 10240 bytes", "metadata[k]",
            b -> b.upload(u -> u.metadata("k", "é".repeat(5119))), b -> b.upload(u -> u.metadata("k", "é".repeat(5121)))),
        limit("metadata 256 pairs", "metadata", b -> b.upload(u -> u.metadata(pairs(256, 3, 1))),
            b -> b.upload(u -> u.metadata(pairs(257, 3, 1)))),
        limit("metadata 10240 bytes in all", "metadata", b -> b.upload(u -> u.metadata(pairs(10, 3, 1021))),
            b -> b.upload(u -> u.metadata(pairs(10, 3, 1022)))),
        limit("assetIds 1000", "assetIds", b -> b.assetIds(ids(1000)),
            b -> b.assetIds(ids(1001))),
        limit("assetIds at least one", "assetIds", b -> b.assetIds(1), b -> b.assetIds()),
        limit("asset id range low", "assetIds", b -> b.assetIds(1), b -> b.assetIds(0)),
        limit("asset id range high", "assetIds", b -> b.assetIds(MAX_ID),
            b -> b.assetIds(MAX_ID + 1)),
        limit("dataSetId range", "dataSetId", b -> b.dataSetId(MAX_ID),
            b -> b.dataSetId(MAX_ID + 1)),
        limit("dataSetId positive", "dataSetId", b -> b.dataSetId(1), b -> b.dataSetId(-5)),
        limit("securityCategories 100", "securityCategories",
            b -> b.securityCategories(ids(100)), b -> b.securityCategories(ids(101))),
        limit("securityCategory range", "securityCategories", b -> b.securityCategories(MAX_ID),
            b -> b.securityCategories(0)),
        limit("sourceCreatedTime >= 0", "sourceCreatedTime", b -> b.sourceCreatedTime(0),
            b -> b.sourceCreatedTime(-1)),
        limit("sourceModifiedTime >= 0", "sourceModifiedTime", b -> b.sourceModifiedTime(0),
            b -> b.sourceModifiedTime(-1)),
        limit("labels 10", "labels", b -> b.labels(labels(10)), b -> b.labels(labels(11))),
        limit("label externalId 255", "labels", b -> b.labels("l".repeat(255)),
            b -> b.labels("l".repeat(256))),
        limit("geoLocation a Feature", "geoLocation",
            b -> b.geoLocation("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[10.75,59.91]},\"properties\":{}}"),
            b -> b.geoLocation("{\"type\":\"Point\",\"coordinates\":[10.75,59.91]}")),
        limit("geoLocation geometry type", "geoLocation",
            b -> b.geoLocation("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}"),
            b -> b.geoLocation("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Circle\","
                + "\"coordinates\":[1,2]}}")),
        limit("parts 250", "partCount", b -> b.upload(u -> u.partCount(250)), b -> b.upload(u -> u.partCount(251))),
        limit("parts 1", "partCount", b -> b.upload(u -> u.partCount(1)), b -> b.upload(u -> u.partCount(0))),
        plan("part size above 5 MiB", "partSize",
            b -> b.upload(u -> u.contentLength(20 * MIB).partSize(5 * MIB + 1)),
            b -> b.upload(u -> u.contentLength(20 * MIB).partSize(5 * MIB))),
        plan("part size below 4000 MiB", "partSize",
            b -> b.upload(u -> u.contentLength(8000 * MIB).partSize(4000 * MIB - 1)),
            b -> b.upload(u -> u.contentLength(8000 * MIB).partSize(4000 * MIB))),
        plan("at most 250 planned parts", "partSize",
            b -> b.upload(u -> u.contentLength(250 * 6 * MIB).partSize(6 * MIB)),
            b -> b.upload(u -> u.contentLength(250 * 6 * MIB + 1).partSize(6 * MIB))),
        limit("parts with a length keep parts above 5 MiB", "partCount",
            b -> b.upload(u -> u.contentLength(20 * MIB).partCount(3)),
            b -> b.upload(u -> u.contentLength(20 * MIB).partCount(4))),
        limit("overwrite needs an externalId", "overwrite",
            b -> b.externalId("x")
                .upload(u -> u.overwrite(true)), b -> b.upload(u -> u.overwrite(true))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void atTheLimitIsSentAndPastItIsRejected(String name, String field,
      UnaryOperator<CogniteInitiateRequest.Builder> ok,
      UnaryOperator<CogniteInitiateRequest.Builder> past) {
    CogniteInitiateRequest accepted = ok.apply(base()).build();
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201)
        .withBody(CogniteWireTest.file(accepted.parts(), true))));
    UploadSession session = client.initiate(accepted);
    assertThat(session.parts()).hasSize(accepted.parts());
    assertThat(wm.findAll(postRequestedFor(anyUrl()))).hasSize(1);
    wm.resetRequests();

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(past.apply(base()).build()));
    assertThat(e).as(name).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(wm.findAll(postRequestedFor(anyUrl()))).isEmpty();
  }

  private static CogniteInitiateRequest.Builder base() {
    CogniteInitiateRequest.Builder b = CogniteInitiateRequest.builder(UploadRequest.builder()
        .key("file.bin").build());
    return b;
  }
}
