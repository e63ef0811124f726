package io.unipart.s3;

import io.unipart.http.OkHttpTransport;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.AuthenticationException;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartUploader;
import io.unipart.PartContent;
import io.unipart.ServiceException;
import io.unipart.TransferOptions;
import io.unipart.TransferProgress;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.io.ByteArrayInputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Parts, complete, abort, list and the upload engine against scripted S3 answers (WireMock). */
class S3UploadWireTest {
  static final String UPLOAD_ID = "VXBsb2FkIElE";
  static final String OBJECT = "/media/k.bin";
  static final int MIB = 1 << 20;

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true)).build();

  @TempDir Path dir;

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<S3MultipartClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(S3MultipartClient::close);
  }

  S3MultipartClient client() {
    S3MultipartClient c = S3MultipartClient.builder().probeStoreChecks(false)
        .endpoint("http://127.0.0.1:" + wm.getPort())
        .region("us-east-1")
        .bucket("media")
        .credentials(AwsCredentials.of(S3WireTest.AK, S3WireTest.SK))
        .sleeper(sleeps::add)
        .build();
    clients.add(c);
    return c;
  }

  static UploadSession session() {
    return UploadSession.builder().dialect("s3").uploadId(UPLOAD_ID).destination("media")
        .key("k.bin").initiatedAt(Instant.EPOCH).build();
  }

  Path file(long size) throws Exception {
    byte[] bytes = new byte[(int) size];
    new Random(size).nextBytes(bytes);
    return Files.write(dir.resolve("f" + size), bytes);
  }

  static void stubInitiate() {
    wm.stubFor(post(urlEqualTo(OBJECT + "?uploads")).willReturn(aResponse().withStatus(200)
        .withBody(S3WireTest.initiated("media", "k.bin", UPLOAD_ID))));
  }

  static MappingBuilder part(int n) {
    return put(urlPathEqualTo(OBJECT)).withQueryParam("partNumber", equalTo(String.valueOf(n)))
        .withQueryParam("uploadId", equalTo(UPLOAD_ID));
  }

  static ResponseDefinitionBuilder etag(int n) {
    return aResponse().withStatus(200).withHeader("ETag", "\"etag-" + n + "\"");
  }

  static void stubParts(int count) {
    for (int n = 1; n <= count; n++) {
      wm.stubFor(part(n).willReturn(etag(n)));
    }
  }

  static MappingBuilder complete() {
    return post(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID));
  }

  static ResponseDefinitionBuilder completed() {
    return aResponse().withStatus(200).withHeader("x-amz-request-id", "REQ-COMPLETE")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n   "
            + "<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<Location>http://127.0.0.1/media/k.bin</Location><Bucket>media</Bucket>"
            + "<Key>k.bin</Key><ETag>\"3858f62230ac3c915f300c664312c11f-3\"</ETag>"
            + "</CompleteMultipartUploadResult>");
  }

  /** The n-th matching request gets the n-th answer; the last answer repeats. */
  static void script(Supplier<MappingBuilder> request, ResponseDefinitionBuilder... answers) {
    for (int i = 0; i < answers.length; i++) {
      ScenarioMappingBuilder m = request.get().inScenario("script")
          .whenScenarioStateIs(i == 0 ? STARTED : "s" + i);
      if (i < answers.length - 1) {
        m.willSetStateTo("s" + (i + 1));
      }
      wm.stubFor(m.willReturn(answers[i]));
    }
  }

  @Test
  void overHttpAPartIsSentAwsChunkedAndSignedChunkByChunk() throws Exception {
    wm.stubFor(part(3).willReturn(etag(3)));
    byte[] bytes = "hello, part".getBytes();

    UploadedPart p = client().uploadPart(session(), 3, PartContent.ofBytes(bytes));

    // The client vouches for this store (probeStoreChecks(false)): the chunk signatures it
    // checks are what proved the part.
    assertThat(p).isEqualTo(UploadedPart.of(3, "\"etag-3\"", bytes.length)
        .withCheck(io.unipart.PartCheck.CHUNK_SIGNATURES));
    LoggedRequest r = wm.findAll(putRequestedFor(anyUrl())).get(0);
    assertThat(r.getHeader("x-amz-content-sha256"))
        .isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    assertThat(r.getHeader("Content-Encoding")).isEqualTo("aws-chunked");
    assertThat(r.getHeader("x-amz-decoded-content-length")).isEqualTo("11");
    assertThat(r.getBody()).hasSize((int) AwsChunkedEncoding.encodedLength(11));
    AwsChunkedEncodingTest.Decoded body = AwsChunkedEncodingTest.decode(r.getBody());
    assertThat(body.payload).isEqualTo(bytes);
    assertThat(body.sizes).containsExactly(11, 0);
    assertThat(S3WireTest.signedHeaders(r)).contains("content-encoding", "x-amz-content-sha256",
        "x-amz-decoded-content-length");
    assertThat(r.containsHeader("Content-MD5")).isFalse();
    // The first chunk's signature chains from the request's (seed) signature.
    String seed = r.getHeader("Authorization").replaceAll(".*Signature=", "");
    String date = r.getHeader("X-Amz-Date");
    String scope = date.substring(0, 8) + "/us-east-1/s3/aws4_request";
    byte[] key = SigV4Signer.hmac(("AWS4" + S3WireTest.SK).getBytes(), date.substring(0, 8));
    for (String part : new String[] {"us-east-1", "s3", "aws4_request"}) {
      key = SigV4Signer.hmac(key, part);
    }
    String expected = HexFormat.of().formatHex(SigV4Signer.hmac(key,
        AwsChunkedEncoding.stringToSign(date, scope, seed,
            MessageDigest.getInstance("SHA-256").digest(bytes))));
    assertThat(body.signatures.get(0)).isEqualTo(expected);
    assertThat(r.getUrl()).isEqualTo(OBJECT + "?partNumber=3&uploadId=" + UPLOAD_ID);
  }

  @Test
  void payloadSigningChoosesHowAPartIsProtected() throws Exception {
    wm.stubFor(part(1).willReturn(etag(1)));
    byte[] bytes = "payload signing".getBytes();
    for (PayloadSigning signing : PayloadSigning.values()) {
      wm.resetRequests();
      try (S3MultipartClient c = S3MultipartClient.builder().probeStoreChecks(false)
          .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
          .credentials(AwsCredentials.of(S3WireTest.AK, S3WireTest.SK))
          .payloadSigning(signing).build()) {
        c.uploadPart(session(), 1, PartContent.ofBytes(bytes));
      }
      LoggedRequest r = wm.findAll(putRequestedFor(anyUrl())).get(0);
      String hash = r.getHeader("x-amz-content-sha256");
      switch (signing) {
        case UNSIGNED:
          assertThat(hash).isEqualTo("UNSIGNED-PAYLOAD");
          assertThat(r.getHeader("Content-MD5")).isEqualTo(Base64.getEncoder()
              .encodeToString(MessageDigest.getInstance("MD5").digest(bytes)));
          assertThat(r.getBody()).isEqualTo(bytes);
          break;
        case SHA256:
          assertThat(hash).isEqualTo(HexFormat.of().formatHex(
              MessageDigest.getInstance("SHA-256").digest(bytes)));
          assertThat(r.getBody()).isEqualTo(bytes);
          break;
        default: // AUTO over plain http, and STREAMING
          assertThat(hash).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
          assertThat(AwsChunkedEncodingTest.decode(r.getBody()).payload).isEqualTo(bytes);
      }
      assertThat(S3WireTest.signedHeaders(r)).as("%s", signing).contains("x-amz-content-sha256");
    }
  }

  @Test
  void partFailuresAreRetriedOnTheirOwnAndTheBodyIsSentAgain() throws Exception {
    stubInitiate();
    stubParts(3);
    script(() -> part(2),
        aResponse().withStatus(500).withBody(S3WireTest.error("InternalError", "try again")),
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        etag(2));
    wm.stubFor(complete().willReturn(completed()));
    Path file = file(11L * MIB);

    UploadResult result = MultipartUploader.builder(client()).build()
        .upload(file, UploadRequest.builder().key("k.bin").partSize(5L * MIB).build());

    assertThat(result.parts()).extracting(p -> p.etag().orElseThrow())
        .containsExactly("\"etag-1\"", "\"etag-2\"", "\"etag-3\"");
    assertThat(result.etag()).contains("\"3858f62230ac3c915f300c664312c11f-3\"");
    assertThat(result.requestId()).contains("REQ-COMPLETE");
    List<LoggedRequest> part2 = wm.findAll(putRequestedFor(urlPathEqualTo(OBJECT))
        .withQueryParam("partNumber", equalTo("2")));
    assertThat(part2).hasSize(3);
    byte[] expected = new byte[5 * MIB];
    System.arraycopy(Files.readAllBytes(file), 5 * MIB, expected, 0, 5 * MIB);
    assertThat(AwsChunkedEncodingTest.decode(part2.get(2).getBody()).payload).isEqualTo(expected);
    assertThat(wm.findAll(putRequestedFor(anyUrl()))).hasSize(5);
    assertThat(sleeps).hasSize(2);
    String body = wm.findAll(postRequestedFor(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID)))
        .get(0).getBodyAsString();
    assertThat(body).contains("<Part><PartNumber>1</PartNumber><ETag>\"etag-1\"</ETag>"
        + "</Part><Part><PartNumber>2</PartNumber>");
  }

  @Test
  void aCompleteAnswered200WithARetryableErrorIsRetried() {
    script(S3UploadWireTest::complete,
        aResponse().withStatus(200).withBody("\n  \n" + S3WireTest.error("InternalError", "x")),
        completed());

    UploadResult r = client().complete(session(), List.of(UploadedPart.of(1, "\"a\"", 5)));

    assertThat(r.etag()).contains("\"3858f62230ac3c915f300c664312c11f-3\"");
    assertThat(wm.findAll(postRequestedFor(anyUrl()))).hasSize(2);
  }

  @Test
  void aCompleteAnswered200WithAnErrorFailsTheUploadAndAbortsIt() throws Exception {
    stubInitiate();
    stubParts(2);
    wm.stubFor(complete().willReturn(aResponse().withStatus(200).withHeader("x-amz-request-id",
        "REQ-7").withBody(S3WireTest.error("InvalidPart", "One or more parts not found"))));
    wm.stubFor(delete(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID))
        .willReturn(aResponse().withStatus(204)));

    UploadFailedException e = catchThrowableOfType(
        () -> MultipartUploader.builder(client()).build().upload(file(6L * MIB),
            UploadRequest.builder().key("k.bin").partSize(5L * MIB).build()),
        UploadFailedException.class);

    ServiceException cause = (ServiceException) e.getCause();
    assertThat(cause.httpStatus()).isEqualTo(200);
    assertThat(cause.errorCode()).isEqualTo("InvalidPart");
    assertThat(cause.errorMessage()).isEqualTo("One or more parts not found");
    assertThat(cause.requestId()).isEqualTo("REQ-7");
    assertThat(e.aborted()).isTrue();
    assertThat(e.getMessage()).contains("InvalidPart").contains("was aborted");
    wm.verify(1, deleteRequestedFor(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID)));
  }

  @Test
  void noSuchUploadAfterARetriedCompleteChecksTheObject() {
    script(S3UploadWireTest::complete, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withStatus(404).withBody(S3WireTest.error("NoSuchUpload", "gone")));
    wm.stubFor(head(urlEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Length", "15").withHeader("ETag", "\"abc-2\"")));

    UploadResult r = client().complete(session(),
        List.of(UploadedPart.of(1, "\"a\"", 10), UploadedPart.of(2, "\"b\"", 5)));

    assertThat(r.etag()).contains("\"abc-2\"");
    assertThat(r.size()).isEqualTo(15);
  }

  @Test
  void noSuchUploadAfterARetriedCompleteFailsWhenTheObjectDiffers() {
    script(S3UploadWireTest::complete, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        aResponse().withStatus(404).withBody(S3WireTest.error("NoSuchUpload", "gone")));
    wm.stubFor(head(urlEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Length", "99").withHeader("ETag", "\"abc-2\"")));

    ServiceException e = catchThrowableOfType(() -> client().complete(session(),
        List.of(UploadedPart.of(1, "\"a\"", 10), UploadedPart.of(2, "\"b\"", 5))),
        ServiceException.class);

    assertThat(e.errorCode()).isEqualTo("NoSuchUpload");
    assertThat(e.httpStatus()).isEqualTo(404);
  }

  @Test
  void noSuchUploadOnTheFirstCompleteIsNotLookedUp() {
    wm.stubFor(complete().willReturn(aResponse().withStatus(404)
        .withBody(S3WireTest.error("NoSuchUpload", "gone"))));

    assertThatThrownBy(() -> client().complete(session(), List.of(UploadedPart.of(1, "\"a\"", 1))))
        .isInstanceOf(ServiceException.class).hasMessageContaining("NoSuchUpload");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void progressEventsComeInOrderAndSumToTheSize() throws Exception {
    stubInitiate();
    stubParts(5);
    wm.stubFor(complete().willReturn(completed()));
    long size = 21L * MIB + 3;
    List<TransferProgress> events = new CopyOnWriteArrayList<>();

    MultipartUploader.builder(client()).concurrency(4).build().upload(file(size),
        UploadRequest.builder().key("k.bin").partSize(5L * MIB).build(),
        TransferOptions.builder().progressListener(events::add).build());

    assertThat(events).hasSize(5);
    assertThat(events.stream().mapToLong(TransferProgress::partBytes).sum()).isEqualTo(size);
    assertThat(events).extracting(TransferProgress::transferredBytes).isSorted()
        .doesNotHaveDuplicates().last().isEqualTo(size);
    assertThat(events).extracting(TransferProgress::completedParts)
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(events).allSatisfy(p -> assertThat(p.totalBytes()).isEqualTo(size));
    assertThat(events).extracting(TransferProgress::partNumber)
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
  }

  @Test
  void aRefusedPartAbortsTheUploadAndSaysSo() throws Exception {
    stubInitiate();
    stubParts(3);
    wm.stubFor(part(2).willReturn(aResponse().withStatus(403)
        .withBody(S3WireTest.error("AccessDenied", "no"))));
    wm.stubFor(delete(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID))
        .willReturn(aResponse().withStatus(204)));

    UploadFailedException e = catchThrowableOfType(
        () -> MultipartUploader.builder(client()).concurrency(1).build().upload(file(11L * MIB),
            UploadRequest.builder().key("k.bin").partSize(5L * MIB).build()),
        UploadFailedException.class);

    assertThat(e.getCause()).isInstanceOf(AuthenticationException.class);
    assertThat(e.aborted()).isTrue();
    assertThat(e.cancelled()).isFalse();
    assertThat(e.session().uploadId()).isEqualTo(UPLOAD_ID);
    assertThat(e.getMessage()).contains("AccessDenied").contains("aborted");
    wm.verify(0, postRequestedFor(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID)));
    wm.verify(0, putRequestedFor(urlPathEqualTo(OBJECT))
        .withQueryParam("partNumber", equalTo("3")));
  }

  @Test
  void aFailedAbortIsReportedWithTheOriginalFailure() throws Exception {
    stubInitiate();
    wm.stubFor(part(1).willReturn(aResponse().withStatus(400)
        .withBody(S3WireTest.error("InvalidDigest", "bad md5"))));
    wm.stubFor(delete(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID))
        .willReturn(aResponse().withStatus(403).withBody(S3WireTest.error("AccessDenied", "x"))));

    UploadFailedException e = catchThrowableOfType(
        () -> MultipartUploader.builder(client()).build().upload(file(1000),
            UploadRequest.builder().key("k.bin").build()),
        UploadFailedException.class);

    assertThat(e.aborted()).isFalse();
    assertThat(e.getMessage()).contains("InvalidDigest").contains("aborting it failed too");
    assertThat(e.getSuppressed()).hasSize(1);
  }

  @Test
  void listPartsFollowsEveryPage() {
    String page1 = "<ListPartsResult><Bucket>media</Bucket><Key>k.bin</Key>"
        + "<UploadId>" + UPLOAD_ID + "</UploadId><PartNumberMarker>0</PartNumberMarker>"
        + "<NextPartNumberMarker>2</NextPartNumberMarker><MaxParts>2</MaxParts>"
        + "<IsTruncated>true</IsTruncated>"
        + "<Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag><Size>5242880</Size></Part>"
        + "<Part><PartNumber>2</PartNumber><ETag>\"e2\"</ETag><Size>5242880</Size></Part>"
        + "</ListPartsResult>";
    String page2 = "<ListPartsResult><IsTruncated>false</IsTruncated>"
        + "<Part><PartNumber>4</PartNumber><ETag>\"e4\"</ETag><Size>7</Size></Part>"
        + "</ListPartsResult>";
    wm.stubFor(get(urlEqualTo(OBJECT + "?max-parts=1000&uploadId=" + UPLOAD_ID))
        .willReturn(aResponse().withStatus(200).withBody(page1)));
    wm.stubFor(get(urlEqualTo(OBJECT + "?max-parts=1000&part-number-marker=2&uploadId="
        + UPLOAD_ID)).willReturn(aResponse().withStatus(200).withBody(page2)));

    assertThat(client().listParts(session())).containsExactly(
        UploadedPart.of(1, "\"e1\"", 5242880), UploadedPart.of(2, "\"e2\"", 5242880),
        UploadedPart.of(4, "\"e4\"", 7));
  }

  @Test
  void aListingThatDoesNotMoveOnIsRefused() {
    wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "<ListPartsResult><IsTruncated>true</IsTruncated><NextPartNumberMarker>0"
            + "</NextPartNumberMarker></ListPartsResult>")));

    assertThatThrownBy(() -> client().listParts(session()))
        .isInstanceOf(ServiceException.class).hasMessageContaining("NextPartNumberMarker");
  }

  @Test
  void aPartAcceptedWithoutAnEtagIsAMalformedAnswer() {
    wm.stubFor(part(1).willReturn(aResponse().withStatus(200)));

    assertThatThrownBy(() -> client().uploadPart(session(), 1, PartContent.ofBytes(new byte[1])))
        .isInstanceOf(ServiceException.class).hasMessageContaining("ETag");
  }

  @Test
  void abortIsADeleteAnswered204() {
    wm.stubFor(delete(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID))
        .willReturn(aResponse().withStatus(204)));

    client().abort(session());

    wm.verify(1, deleteRequestedFor(urlEqualTo(OBJECT + "?uploadId=" + UPLOAD_ID)));
  }

  @Test
  void badPartsAndSessionsAreRefusedBeforeAnyNetworkCall() throws Exception {
    S3MultipartClient c = client();
    PartContent one = PartContent.ofBytes(new byte[1]);
    assertField(() -> c.uploadPart(session(), 0, one), "partNumber");
    assertField(() -> c.uploadPart(session(), 10_001, one), "partNumber");
    assertField(() -> c.uploadPart(session().toBuilder().dialect("cos").build(), 1, one),
        "session");
    assertField(() -> c.complete(session(), List.of()), "parts");
    assertField(() -> c.complete(session(),
        List.of(UploadedPart.of(2, "\"a\"", 1), UploadedPart.of(1, "\"b\"", 1))),
        "parts[1].partNumber");
    assertField(() -> c.complete(session(), List.of(UploadedPart.of(1, null, 1))),
        "parts[0].etag");
    assertField(() -> c.presignPart(session(), 1, Duration.ofDays(8)), "expiry");
    Path big = file(20L * MIB);
    Path small = file(1000);
    assertField(() -> MultipartUploader.builder(c).build().upload(big,
        UploadRequest.builder().key("k.bin").partSize((long) MIB).build()), "partSize");
    assertField(() -> MultipartUploader.builder(c).build().upload(small,
        UploadRequest.builder().key("k.bin").contentLength(999L).build()), "contentLength");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aStartedSessionMustFitTheFileAndTheDialect() throws Exception {
    Path file = file(11L * MIB);
    MultipartUploader u = MultipartUploader.builder(client()).build();
    UploadSession sized = session().toBuilder().contentLength(10L * MIB).build();
    assertField(() -> u.upload(file, sized, TransferOptions.defaults()), "file");
    assertField(() -> u.upload(file, session().toBuilder().dialect("cos").build(),
        TransferOptions.defaults()), "session");
    assertField(() -> u.upload(file, session().toBuilder().partSize((long) MIB).build(),
        TransferOptions.defaults()), "partSize");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void gapsInPartNumbersAreFineForS3() {
    wm.stubFor(complete().willReturn(completed()));
    client().complete(session(),
        List.of(UploadedPart.of(1, "\"a\"", 1), UploadedPart.of(5, "\"b\"", 1)));
    assertThat(wm.findAll(postRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void partSizeIsRaisedSoTheCountFitsTheLimit() {
    MultipartUploader u = MultipartUploader.builder(client()).build();
    assertThat(u.partSizeFor(-1)).isEqualTo(8L * MIB);
    assertThat(u.partSizeFor(100L * MIB)).isEqualTo(8L * MIB);
    // 200 GiB / 10,000 parts = 20.48 MiB, rounded up to whole MiB.
    assertThat(u.partSizeFor(200L << 30)).isEqualTo(21L * MIB);
    assertThat(MultipartUploader.builder(client()).defaultPartSize(MIB).build().partSizeFor(-1))
        .isEqualTo(5L * MIB);
  }

  /** Runs a test against WireMock over TLS, with a client that trusts its certificate. */
  static void overTls(TlsTest test) throws Exception {
    WireMockServer tls = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort()
        .gzipDisabled(true));
    tls.start();
    try {
      X509TrustManager trustAll = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {trustAll}, null);
      OkHttpClient testOnly = new OkHttpClient.Builder()
          .sslSocketFactory(ssl.getSocketFactory(), trustAll).hostnameVerifier((h, s) -> true)
          .build();
      test.run(tls, S3MultipartClient.builder().probeStoreChecks(false)
          .endpoint("https://127.0.0.1:" + tls.httpsPort()).region("us-east-1").bucket("media")
          .credentials(AwsCredentials.of(S3WireTest.AK, S3WireTest.SK))
          .transport(OkHttpTransport.create(testOnly)));
    } finally {
      tls.stop();
    }
  }

  /** A test over TLS. */
  interface TlsTest {
    void run(WireMockServer tls, S3MultipartClient.Builder client) throws Exception;
  }

  /**
   * S3 documents a part's ETag as the MD5 of its bytes (unencrypted and SSE-S3 objects), which
   * is what this answers.
   */
  static ResponseDefinitionBuilder md5Etag(byte[] bytes) throws Exception {
    return aResponse().withStatus(200).withHeader("ETag",
        "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"");
  }

  static String contentMd5(byte[] bytes) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
  }

  @Test
  void overHttpsAPartIsReadOnceUnsignedAndItsEtagIsHeldToItsMd5() throws Exception {
    overTls((tls, builder) -> {
      byte[] bytes = "over tls".getBytes();
      tls.stubFor(part(1).willReturn(md5Etag(bytes)));
      AtomicInteger opens = new AtomicInteger();
      try (S3MultipartClient c = builder.build()) {
        UploadedPart p = c.uploadPart(session(), 1, PartContent.ofStream(bytes.length, () -> {
          opens.incrementAndGet();
          return new ByteArrayInputStream(bytes);
        }));
        assertThat(p.etag()).isPresent();
      }
      assertThat(opens).as("reads of the part").hasValue(1);
      List<LoggedRequest> puts = tls.findAll(putRequestedFor(anyUrl()));
      assertThat(puts).hasSize(1);
      LoggedRequest r = puts.get(0);
      assertThat(r.getHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
      assertThat(r.containsHeader("Content-MD5")).isFalse();
      assertThat(r.getBody()).isEqualTo(bytes);
      assertThat(S3WireTest.signedHeaders(r)).contains("x-amz-content-sha256");
    });
  }

  @Test
  void anEtagThatIsNotTheMd5SendsThePartAgainWithContentMd5AndTheClientKeepsToIt()
      throws Exception {
    overTls((tls, builder) -> {
      byte[] first = "first part".getBytes();
      byte[] second = "second part".getBytes();
      tls.stubFor(part(1).willReturn(etag(1)));
      tls.stubFor(part(2).willReturn(etag(2)));
      try (S3MultipartClient c = builder.build()) {
        assertThat(c.uploadPart(session(), 1, PartContent.ofBytes(first)).etag())
            .contains("\"etag-1\"");
        c.uploadPart(session(), 2, PartContent.ofBytes(second));
      }
      List<LoggedRequest> puts = tls.findAll(putRequestedFor(anyUrl()));
      assertThat(puts).hasSize(3);
      assertThat(puts.get(0).containsHeader("Content-MD5")).isFalse();
      assertThat(puts.get(1).getHeader("Content-MD5")).isEqualTo(contentMd5(first));
      assertThat(puts.get(1).getBody()).isEqualTo(first);
      assertThat(S3WireTest.signedHeaders(puts.get(1))).contains("content-md5");
      assertThat(puts.get(2).getHeader("Content-MD5")).isEqualTo(contentMd5(second));
    });
  }

  @Test
  void unsignedSendsContentMd5FromTheFirstPartOverHttps() throws Exception {
    overTls((tls, builder) -> {
      byte[] bytes = "over tls".getBytes();
      tls.stubFor(part(1).willReturn(md5Etag(bytes)));
      try (S3MultipartClient c = builder.payloadSigning(PayloadSigning.UNSIGNED).build()) {
        c.uploadPart(session(), 1, PartContent.ofBytes(bytes));
      }
      LoggedRequest r = tls.findAll(putRequestedFor(anyUrl())).get(0);
      assertThat(r.getHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
      assertThat(r.getHeader("Content-MD5")).isEqualTo(contentMd5(bytes));
      assertThat(S3WireTest.signedHeaders(r)).contains("content-md5", "x-amz-content-sha256");
    });
  }

  @Test
  void aStreamIsBufferedAtMostConcurrencyPartsAhead() throws Exception {
    stubInitiate();
    for (int n = 1; n <= 8; n++) {
      wm.stubFor(part(n).willReturn(etag(n).withFixedDelay(40)));
    }
    wm.stubFor(complete().willReturn(completed()));
    long partSize = 5L * MIB;
    long size = 7 * partSize + 11;
    AtomicLong read = new AtomicLong();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong maxAhead = new AtomicLong();
    InputStream counting = new FilterInputStream(new ByteArrayInputStream(new byte[(int) size])) {
      @Override
      public int read(byte[] b, int off, int len) throws java.io.IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          maxAhead.accumulateAndGet(read.addAndGet(n) - acknowledged.get(), Math::max);
        }
        return n;
      }
    };

    UploadResult r = MultipartUploader.builder(client()).concurrency(2).build().upload(counting,
        UploadRequest.builder().key("k.bin").partSize(partSize).build(),
        TransferOptions.builder().progressListener(p -> acknowledged.set(p.transferredBytes()))
            .build());

    assertThat(r.size()).isEqualTo(size);
    assertThat(r.parts()).hasSize(8);
    assertThat(maxAhead.get()).isGreaterThan(partSize).isLessThanOrEqualTo(2 * partSize);
  }

  static void assertField(Runnable call, String field) {
    InvalidRequestException e = catchThrowableOfType(call::run, InvalidRequestException.class);
    assertThat(e).as("expected a rule on %s", field).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.attempts()).isZero();
  }

}
