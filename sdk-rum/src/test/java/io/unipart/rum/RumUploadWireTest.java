package io.unipart.rum;

import io.unipart.spi.ServiceError;
import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartUploader;
import io.unipart.PartContent;
import io.unipart.ServiceException;
import io.unipart.TransferOptions;
import io.unipart.UploadCheckpoint;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole sourcemap uploads to Guance against WireMock with the documented answers (PROVIDERS.md
 * 7.6): 0-based chunks as multipart/form-data, part_merge with the chunk indexes, part_list to
 * resume, upload_cancel on failure, pacing under 20 requests a minute.
 */
class RumUploadWireTest {
  static final String API = "/api/v1/rum_sourcemap/";
  static final String UPLOAD_ID = "65ef45944fac157005cb73de48e81f161Lfv5UOs";
  static final ObjectMapper JSON = new ObjectMapper();
  static final int MB = 1_000_000;

  static final String INIT = "{\"code\": 200, \"content\": {\"declaration\": {\"b\":"
      + " [\"asfawfgajfasfafgafwba\", \"asfgahjfaf\"], \"business\": \"aaa\", \"organization\":"
      + " \"6540c09e4243b300077a9675\"}, \"existsOldTask\": false, \"existsSameFile\": false,"
      + " \"uploadId\": \"" + UPLOAD_ID + "\"}, \"errorCode\": \"\", \"message\": \"\","
      + " \"success\": true, \"traceId\": \"TRACE-6985B262-8F52-4AA0-9CE4-9277CE199DC3\"}";
  static final String MERGED = "{\"code\": 200, \"content\": {}, \"errorCode\": \"\", \"message\":"
      + " \"\", \"success\": true, \"traceId\": \"TRACE-4CC300F8-2407-42C3-B8D2-1C706CE38DF8\"}";
  static final String CANCELLED = "{\"code\": 200, \"content\": true, \"errorCode\": \"\","
      + " \"message\": \"\", \"success\": true, \"traceId\":"
      + " \"TRACE-3277AFBD-99D0-4532-ACE0-3ED677CC5E1E\"}";

  static String chunkAck(int index) {
    return "{\"code\": 200, \"content\": {\"chunkIndex\": \"" + index + "\", \"declaration\":"
        + " {\"b\": [\"asfawfgajfasfafgafwba\", \"asfgahjfaf\"], \"business\": \"aaa\","
        + " \"organization\": \"6540c09e4243b300077a9675\"}, \"uploadId\": \"" + UPLOAD_ID
        + "\"}, \"errorCode\": \"\", \"message\": \"\", \"success\": true, \"traceId\":"
        + " \"TRACE-17F98E26-C0AD-4D2B-99AA-BE5AD243B867\"}";
  }

  static String partList(String indexes) {
    return "{\"code\": 200, \"content\": {\"chunkIndexs\": " + indexes + ", \"declaration\": {},"
        + " \"uploadId\": \"" + UPLOAD_ID + "\"}, \"errorCode\": \"\", \"message\": \"\","
        + " \"success\": true, \"traceId\": \"TRACE-8A543B50-9DFF-4C29-9D01-69892F5372BD\"}";
  }

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @TempDir Path dir;
  final List<RumSourcemapClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(RumSourcemapClient::close);
  }

  RumSourcemapClient client(Consumer<RumSourcemapClient.Builder> custom) {
    RumSourcemapClient.Builder b = RumSourcemapClient.builder()
        .baseUrl("http://127.0.0.1:" + wm.getPort()).apiKey("df-key-123").appId("app_demo")
        .sleeper(d -> { });
    custom.accept(b);
    RumSourcemapClient c = b.build();
    clients.add(c);
    return c;
  }

  RumSourcemapClient client() {
    return client(RumSourcemapClient.Builder::noRateLimit);
  }

  static void stubChunks(int count) {
    for (int i = 0; i < count; i++) {
      wm.stubFor(post(urlEqualTo(API + "upload_part"))
          .withMultipartRequestBody(aMultipart().withName("chunkIndex")
              .withBody(equalTo(String.valueOf(i))))
          .willReturn(aResponse().withStatus(200).withBody(chunkAck(i))));
    }
  }

  static void stubInitAndMerge() {
    wm.stubFor(post(urlEqualTo(API + "multipart_upload_init")).willReturn(aResponse()
        .withStatus(200).withBody(INIT)));
    wm.stubFor(post(urlEqualTo(API + "part_merge")).willReturn(aResponse().withStatus(200)
        .withBody(MERGED)));
  }

  Path file(int size) throws Exception {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Files.write(dir.resolve("f" + size), bytes);
  }

  /** The named fields of a multipart/form-data body, by the boundary its Content-Type names. */
  static List<byte[]> fields(LoggedRequest r, List<String> names) {
    String type = r.getHeader("Content-Type");
    Matcher m = Pattern.compile("boundary=(.+)").matcher(type);
    assertThat(m.find()).isTrue();
    byte[] body = r.getBody();
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String delimiter = "--" + m.group(1);
    List<byte[]> out = new ArrayList<>();
    int at = text.indexOf(delimiter);
    while (at >= 0 && !text.startsWith(delimiter + "--", at)) {
      int headersEnd = text.indexOf("\r\n\r\n", at);
      String headers = text.substring(at, headersEnd);
      Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(headers);
      assertThat(name.find()).isTrue();
      names.add(name.group(1));
      int next = text.indexOf("\r\n" + delimiter, headersEnd + 4);
      out.add(Arrays.copyOfRange(body, headersEnd + 4, next));
      at = next + 2;
    }
    return out;
  }

  @Test
  void aSourcemapGoesUpInZeroBasedChunksAndIsMerged() throws Exception {
    stubInitAndMerge();
    stubChunks(3);
    Path file = file(25 * MB);

    UploadResult result = MultipartUploader.builder(client()).build().upload(file,
        UploadRequest.builder().key("1.0.2").partSize(10L * MB).build());

    assertThat(result.parts()).extracting(UploadedPart::partNumber).containsExactly(0, 1, 2);
    assertThat(result.size()).isEqualTo(25L * MB);
    byte[] bytes = Files.readAllBytes(file);
    List<LoggedRequest> chunks = wm.findAll(postRequestedFor(urlEqualTo(API + "upload_part")));
    assertThat(chunks).hasSize(3);
    for (LoggedRequest chunk : chunks) {
      assertThat(chunk.getHeader("DF-API-KEY")).isEqualTo("df-key-123");
      assertThat(chunk.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
      List<String> names = new ArrayList<>();
      List<byte[]> values = fields(chunk, names);
      assertThat(names).containsExactly("uploadId", "chunkIndex", "files");
      assertThat(new String(values.get(0), StandardCharsets.UTF_8)).isEqualTo(UPLOAD_ID);
      int index = Integer.parseInt(new String(values.get(1), StandardCharsets.UTF_8));
      int from = index * 10 * MB;
      assertThat(values.get(2)).isEqualTo(
          Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 10 * MB)));
    }
    LoggedRequest merge = wm.findAll(postRequestedFor(urlEqualTo(API + "part_merge"))).get(0);
    assertThat(JSON.readTree(merge.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"uploadId\":\"" + UPLOAD_ID + "\",\"chunkIndexs\":[0,1,2]}"));
    assertThat(result.requestId()).contains("TRACE-4CC300F8-2407-42C3-B8D2-1C706CE38DF8");
  }

  @Test
  void aSessionStartedWithRumOptionsIsUploaded() throws Exception {
    stubInitAndMerge();
    stubChunks(2);
    RumSourcemapClient c = client();
    UploadSession session = c.initiate(RumInitiateRequest.builder(UploadRequest.builder()
        .key("1.0.2").overwrite(true).build()).appId("app_demo").env("daily").build());

    UploadResult result = MultipartUploader.builder(c).build().upload(file(15 * MB), session,
        TransferOptions.defaults());

    assertThat(result.parts()).extracting(UploadedPart::partNumber).containsExactly(0, 1);
    assertThat(JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo(API
        + "multipart_upload_init"))).get(0).getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"needCover\":true,\"appId\":\"app_demo\",\"version\":\"1.0.2\",\"env\":\"daily\"}"));
  }

  @Test
  void resumeAsksPartListAndSendsOnlyTheMissingChunks() throws Exception {
    stubInitAndMerge();
    stubChunks(3);
    wm.stubFor(post(urlEqualTo(API + "part_list")).willReturn(aResponse().withStatus(200)
        .withBody(partList("[\"0\", 1]"))));
    Path file = file(25 * MB);
    UploadSession session = UploadSession.builder().dialect("rum").uploadId(UPLOAD_ID)
        .destination("app_demo").key("1.0.2").initiatedAt(Instant.EPOCH).build();
    Path checkpoint = dir.resolve("rum.checkpoint");
    byte[] bytes = Files.readAllBytes(file);
    Files.writeString(checkpoint, UploadCheckpoint.fromJson("{\"format\":2,\"session\":"
        + session.toJson() + ",\"partSize\":" + 10 * MB + ",\"contentLength\":" + 25 * MB
        + ",\"parts\":[{\"partNumber\":0,\"size\":" + 10 * MB + ",\"crc32c\":\""
        + crc32c(bytes, 0, 10 * MB) + "\"},{\"partNumber\":1,\"size\":" + 10 * MB
        + ",\"crc32c\":\"" + crc32c(bytes, 10 * MB, 10 * MB) + "\"},{\"partNumber\":2,"
        + "\"size\":" + 5 * MB + ",\"crc32c\":\"" + crc32c(bytes, 20 * MB, 5 * MB)
        + "\"}]}").toJson());

    MultipartUploader.builder(client()).build().resume(checkpoint, file);

    // The checkpoint claimed chunk 2 too, but Guance does not list it: it is sent again.
    List<LoggedRequest> chunks = wm.findAll(postRequestedFor(urlEqualTo(API + "upload_part")));
    assertThat(chunks).hasSize(1);
    List<String> names = new ArrayList<>();
    assertThat(new String(fields(chunks.get(0), names).get(1), StandardCharsets.UTF_8))
        .isEqualTo("2");
    assertThat(JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo(API + "part_list"))).get(0)
        .getBodyAsString())).isEqualTo(JSON.readTree("{\"uploadId\":\"" + UPLOAD_ID + "\"}"));
    assertThat(checkpoint).doesNotExist();
  }

  static String crc32c(byte[] bytes, int offset, int length) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes, offset, length);
    return java.util.HexFormat.of().toHexDigits((int) crc.getValue());
  }

  @Test
  void aFailedChunkCancelsTheUpload() throws Exception {
    stubInitAndMerge();
    wm.stubFor(post(urlEqualTo(API + "upload_part")).willReturn(aResponse().withStatus(400)
        .withBody("{\"code\": 400, \"content\": null, \"errorCode\": \"ft.ParamError\","
            + " \"message\": \"chunk too large\", \"success\": false, \"traceId\": \"T-1\"}")));
    wm.stubFor(post(urlEqualTo(API + "upload_cancel")).willReturn(aResponse().withStatus(200)
        .withBody(CANCELLED)));

    UploadFailedException e = catchThrowableOfType(() -> MultipartUploader.builder(client())
        .build().upload(file(3 * MB), UploadRequest.builder().key("1.0.2").build()),
        UploadFailedException.class);

    assertThat(e.aborted()).isTrue();
    assertThat(e.getMessage()).contains("chunk too large");
    assertThat(JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo(API + "upload_cancel")))
        .get(0).getBodyAsString())).isEqualTo(JSON.readTree("{\"uploadId\":\"" + UPLOAD_ID
        + "\"}"));
  }

  @Test
  void chunksAboveTenMegabytesAreRefusedBeforeAnyCall() throws Exception {
    UploadSession session = UploadSession.builder().dialect("rum").uploadId(UPLOAD_ID)
        .destination("app_demo").key("1.0.2").initiatedAt(Instant.EPOCH).build();
    InvalidRequestException direct = catchThrowableOfType(() -> client().uploadPart(session, 0,
        PartContent.ofBytes(new byte[10 * MB + 1])), InvalidRequestException.class);
    assertThat(direct.field()).isEqualTo("content");
    Path big = file(30 * MB);
    InvalidRequestException planned = catchThrowableOfType(() -> MultipartUploader.builder(
        client()).build().upload(big, UploadRequest.builder().key("1.0.2")
            .partSize(16L << 20).build()), InvalidRequestException.class);
    assertThat(planned.field()).isEqualTo("partSize");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aStreamOfUnknownLengthGoesUpToo() throws Exception {
    stubInitAndMerge();
    stubChunks(2);
    byte[] bytes = Files.readAllBytes(file(9 * MB));

    UploadResult result = MultipartUploader.builder(client()).build().upload(
        new java.io.ByteArrayInputStream(bytes), UploadRequest.builder().key("1.0.2").build());

    assertThat(result.parts()).extracting(UploadedPart::partNumber).containsExactly(0, 1);
    assertThat(result.size()).isEqualTo(bytes.length);
  }

  static String envelope(String content) {
    return "{\"code\": 200, \"content\": " + content + ", \"errorCode\": \"\", \"message\":"
        + " \"\", \"success\": true, \"traceId\": \"T-2\"}";
  }

  /** Each call's answer is read into the shape the docs give it; another shape is named. */
  @Test
  void answersOfAnotherShapeAreTypedErrorsNamingTheField() {
    UploadSession session = UploadSession.builder().dialect("rum").uploadId(UPLOAD_ID)
        .destination("app_demo").key("1.0.2").initiatedAt(Instant.EPOCH).build();
    RumSourcemapClient c = client();

    wm.stubFor(post(urlEqualTo(API + "upload_part")).willReturn(aResponse().withStatus(200)
        .withBody(envelope("{\"chunkIndex\": \"4\", \"uploadId\": \"" + UPLOAD_ID
            + "\"}"))));
    ServiceException echo = catchThrowableOfType(() -> c.uploadPart(session, 3,
        PartContent.ofBytes(new byte[] {1})), ServiceException.class);
    assertThat(echo.error().kind()).isEqualTo(ServiceError.Kind.MALFORMED_RESPONSE);
    assertThat(echo.errorMessage()).contains("sent chunkIndex 3").contains("acknowledged 4");

    wm.stubFor(post(urlEqualTo(API + "upload_part")).willReturn(aResponse().withStatus(200)
        .withBody(envelope("[\"3\"]"))));
    ServiceException shape = catchThrowableOfType(() -> c.uploadPart(session, 3,
        PartContent.ofBytes(new byte[] {1})), ServiceException.class);
    assertThat(shape.errorMessage()).contains("content has the wrong type");

    wm.stubFor(post(urlEqualTo(API + "part_list")).willReturn(aResponse().withStatus(200)
        .withBody(partList("[0, \"x1\"]"))));
    ServiceException index = catchThrowableOfType(() -> c.listParts(session),
        ServiceException.class);
    assertThat(index.errorMessage()).contains("content.chunkIndexs holds x1, not an index");

    wm.stubFor(post(urlEqualTo(API + "part_list")).willReturn(aResponse().withStatus(200)
        .withBody(partList("{\"0\": true}"))));
    ServiceException list = catchThrowableOfType(() -> c.listParts(session),
        ServiceException.class);
    assertThat(list.errorMessage()).contains("content.chunkIndexs has the wrong type");

    wm.stubFor(post(urlEqualTo(API + "part_list")).willReturn(aResponse().withStatus(200)
        .withBody(partList("[2, \"0\", 1]"))));
    assertThat(c.listParts(session)).extracting(UploadedPart::partNumber)
        .containsExactly(0, 1, 2);

    wm.stubFor(post(urlEqualTo(API + "multipart_upload_init")).willReturn(aResponse()
        .withStatus(200).withBody(envelope("\"" + UPLOAD_ID + "\""))));
    ServiceException init = catchThrowableOfType(() -> c.initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build()).version("")
        .appId("app_demo").build()), ServiceException.class);
    assertThat(init.errorMessage()).contains("content has the wrong type");
  }

  @Test
  void requestsArePacedUnderTwentyAMinuteByDefault() throws Exception {
    stubInitAndMerge();
    stubChunks(25);
    ManualClock time = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
    List<Instant> sends = new ArrayList<>();
    RumSourcemapClient c = client(b -> b.clock(time).sleeper(d -> time.advance(d)));
    UploadSession s = c.initiate(RumInitiateRequest.builder(UploadRequest.builder().key("1")
        .build()).appId("app_demo")
        .build());
    sends.add(time.instant());
    for (int i = 0; i < 24; i++) {
      c.uploadPart(s, i, PartContent.ofBytes(new byte[] {(byte) i}));
      sends.add(time.instant());
    }
    assertThat(sends).hasSize(25);
    for (int i = 0; i + 20 < sends.size(); i++) {
      assertThat(Duration.between(sends.get(i), sends.get(i + 20)))
          .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    }
  }
}
