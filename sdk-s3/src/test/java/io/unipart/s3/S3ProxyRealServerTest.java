package io.unipart.s3;

import io.unipart.http.HttpTransport;
import io.unipart.http.JdkHttpTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.ObjectHeaders;
import io.unipart.AuthenticationException;
import io.unipart.RetryPolicy;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.testkit.S3ProxyServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Against a real S3-compatible server that checks every signature (S3Proxy, authentication on):
 * uploads start under exactly the requested key, as AWS's own SDK lists them back.
 */
class S3ProxyRealServerTest {
  static final String AK = "unipart-access";
  static final String SK = "unipart-secret/with+chars";
  static final String BUCKET = "it-bucket";

  static S3ProxyServer server;
  static S3Client lister;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start(Path.of(System.getProperty("s3proxy.jar")), AK, SK, BUCKET);
    lister = S3Client.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AK, SK)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @AfterAll
  static void stop() {
    if (lister != null) {
      lister.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static S3MultipartClient client(String secret, HttpTransport transport) {
    S3MultipartClient.Builder b = S3MultipartClient.builder()
        .endpoint(server.endpoint().toString())
        .region("us-east-1")
        .bucket(BUCKET)
        .credentials(AwsCredentials.of(AK, secret))
        .retryPolicy(RetryPolicy.none());
    if (transport != null) {
      b.transport(transport);
    }
    return b.build();
  }

  static List<String> serverUploadKeys(String uploadId) {
    List<String> keys = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    while (true) {
      String km = keyMarker;
      String im = idMarker;
      ListMultipartUploadsResponse page = lister.listMultipartUploads(r -> {
        r.bucket(BUCKET);
        if (km != null) {
          r.keyMarker(km).uploadIdMarker(im);
        }
      });
      keys.addAll(page.uploads().stream().filter(u -> u.uploadId().equals(uploadId))
          .map(MultipartUpload::key).collect(Collectors.toList()));
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return keys;
      }
      keyMarker = page.nextKeyMarker();
      idMarker = page.nextUploadIdMarker();
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "plain.txt",
      "dir/sub/file.bin",
      "with space.txt",
      "plus+sign.txt",
      "percent%20literal.txt",
      "equals=sign&amp;ersand.txt",
      "semi;colon?question#hash.txt",
      "bang!star*quote'paren()dollar$at@colon:.txt",
      "tilde~file.txt",
      "中文/文件名.txt",
      "한국어/파일.txt",
      "emoji/🎉🚀.txt",
      "mixed ü é ß/ünïcödé.txt"})
  void initiatesUnderExactlyTheRequestedKey(String key) {
    try (S3MultipartClient c = client(SK, null)) {
      UploadSession s = c.initiate(UploadRequest.builder().key(key).contentType("text/plain")
          .metadata("owner", "unipart").build());
      assertThat(s.key()).isEqualTo(key);
      assertThat(serverUploadKeys(s.uploadId())).containsExactly(key);
    }
  }

  @Test
  void aKeyOfAbout1000BytesRoundTrips() {
    // S3Proxy's filesystem store keeps each key segment as a file name (at most 255 bytes on
    // ext4), so the ~1000-byte key is split into segments of about 200 bytes.
    String segment = "段x".repeat(35);
    String key = "long/" + String.join("/", java.util.Collections.nCopies(7, segment));
    assertThat(key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isBetween(990, 1024);
    try (S3MultipartClient c = client(SK, null)) {
      UploadSession s = c.initiate(UploadRequest.builder().key(key).build());
      assertThat(serverUploadKeys(s.uploadId())).containsExactly(key);
    }
  }

  @Test
  void theJdkTransportIsAcceptedByTheServerToo() {
    try (S3MultipartClient c = client(SK, JdkHttpTransport.create())) {
      UploadSession s = c.initiate(S3InitiateRequest.builder(UploadRequest.builder()
          .key("jdk/ä b+c.txt").metadata("m", "  two  spaces  ").build())
          .storageClass("STANDARD")
          .objectHeaders(ObjectHeaders.builder().cacheControl("no-cache").build())
          .build());
      assertThat(serverUploadKeys(s.uploadId())).containsExactly("jdk/ä b+c.txt");
    }
  }

  @Test
  void everySeedHeaderIsAcceptedWithAValidSignature() {
    try (S3MultipartClient c = client(SK, null)) {
      UploadSession s = c.initiate(S3InitiateRequest.builder(UploadRequest.builder()
          .key("headers/all.bin").contentType("video/mp4").metadata("Owner", "  media   team ")
          .build()).objectHeaders(ObjectHeaders.builder().cacheControl("max-age=60")
              .contentDisposition("attachment; filename=\"all.bin\"").contentEncoding("identity")
              .expires("Thu, 01 Dec 2033 16:00:00 GMT").build())
          .storageClass("STANDARD").build());
      assertThat(serverUploadKeys(s.uploadId())).containsExactly("headers/all.bin");
    }
  }

  @Test
  void aWrongSecretIsAnAuthenticationException() {
    try (S3MultipartClient c = client("not-the-secret", null)) {
      AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
          () -> c.initiate(UploadRequest.builder().key("denied.txt").build()));
      assertThat(e.httpStatus()).isEqualTo(403);
      assertThat(e.errorCode()).isEqualTo("SignatureDoesNotMatch");
      assertThat(e.requestId()).isNotBlank();
      assertThat(e.getMessage()).doesNotContain("not-the-secret");
    }
  }

  @Test
  void anUnknownAccessKeyIsAnAuthenticationException() {
    try (S3MultipartClient c = S3MultipartClient.builder().endpoint(server.endpoint().toString())
        .region("us-east-1").bucket(BUCKET).credentials(AwsCredentials.of("nobody", SK))
        .build()) {
      AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
          () -> c.initiate(UploadRequest.builder().key("denied.txt").build()));
      assertThat(e.errorCode()).isEqualTo("InvalidAccessKeyId");
    }
  }

  @Test
  void aMissingBucketIsAServiceException() {
    try (S3MultipartClient c = client(SK, null)) {
      io.unipart.ServiceException e = catchThrowableOfType(io.unipart.ServiceException.class,
          () -> c.initiate(S3InitiateRequest.builder(UploadRequest.builder().key("k").build())
              .bucket("no-such-bucket").build()));
      assertThat(e.httpStatus()).isEqualTo(404);
      assertThat(e.errorCode()).isEqualTo("NoSuchBucket");
    }
  }
}
