package io.unipart.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What each store checks, learnt by sending it deliberately wrong values on UploadPart (a part of
 * a real upload that is then aborted): a wrong {@code Content-MD5}, a signed payload hash that is
 * not the body's, a flexible checksum header that is not the body's, and a CRC-32 trailer in an
 * unsigned aws-chunked body that is not the body's. A refusal means the store verifies it; a 200
 * means it does not, and a check in that form counts for nothing there. Also whether a part's
 * ETag is the MD5 of its bytes, which is what unipart holds a streamed part to. Requests are
 * signed by AWS's own signer (test scope) and sent by the JDK's HTTP client: nothing of unipart's.
 */
class VerificationConformanceTest {
  static final String SECTION = "What the store verifies (wrong values sent on purpose)";

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The flexible checksums S3 takes, by AWS's SDK (CRC-64/NVME from its CRT). */
  static final List<software.amazon.awssdk.checksums.spi.ChecksumAlgorithm> ALGORITHMS =
      List.of(DefaultChecksumAlgorithm.CRC32, DefaultChecksumAlgorithm.CRC32C,
          DefaultChecksumAlgorithm.CRC64NVME, DefaultChecksumAlgorithm.SHA256);

  static String checksum(software.amazon.awssdk.checksums.spi.ChecksumAlgorithm algorithm,
      byte[] b) {
    SdkChecksum c = SdkChecksum.forAlgorithm(algorithm);
    c.update(b, 0, b.length);
    return Base64.getEncoder().encodeToString(c.getChecksumBytes());
  }

  static byte[] md5(byte[] b) throws Exception {
    return MessageDigest.getInstance("MD5").digest(b);
  }

  /** One probe's answer: its status, and the ETag when there was one. */
  record Answer(int status, String etag, String body) {}

  static final class Prober implements AutoCloseable {
    final RealStore store;
    final StoreTarget target;
    final HttpClient http;
    final S3Client aws;
    final String bucket;
    final String uploadId;
    final URI object;

    Prober(StoreTarget target) throws Exception {
      this.target = target;
      this.store = target.running();
      HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
      if (target.scheme().equals("https") && store.caBundle().isPresent()) {
        b.sslContext(RealStore.sslContext(store.caBundle().get()));
      }
      this.http = b.build();
      this.aws = store.aws(target.scheme());
      this.bucket = LifecycleConformanceTest.bucket(aws);
      this.uploadId = aws.createMultipartUpload(r -> r.bucket(bucket).key("probe.bin"))
          .uploadId();
      this.object = URI.create(store.endpoint(target.scheme()) + "/" + bucket + "/probe.bin");
    }

    /**
     * Signs with AWS's signer and sends a part. {@code body} is what goes on the wire; {@code
     * signed}, when given, is what the signer is told the payload is (its hash, or the bytes it
     * frames aws-chunked with their trailer; ours then take their place in the frame).
     */
    Answer part(int number, byte[] body, Map<String, String> headers, byte[] signedPayload,
        Consumer<SignRequest.Builder<AwsCredentialsIdentity>> signing) throws Exception {
      URI uri = URI.create(object + "?partNumber=" + number + "&uploadId="
          + java.net.URLEncoder.encode(uploadId, java.nio.charset.StandardCharsets.UTF_8));
      SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
          .uri(uri);
      headers.forEach(request::putHeader);
      SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
        r.identity(AwsCredentialsIdentity.create(store.accessKey(), store.secretKey()))
            .request(request.build())
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
            .putProperty(AwsV4HttpSigner.REGION_NAME, store.region())
            .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
            .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
            .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
        if (signedPayload != null) {
          r.payload(ContentStreamProvider.fromByteArray(signedPayload));
        }
        signing.accept(r);
      });
      byte[] wire = body;
      if (headers.containsKey("Content-Encoding")) {
        wire = readAll(signed.payload().orElseThrow());
        int at = indexOf(wire, signedPayload);
        assertThat(at).as("the framed body holds the signed bytes in one chunk").isNotNegative();
        System.arraycopy(body, 0, wire, at, body.length);
      }
      return send(signed.request(), wire);
    }

    static int indexOf(byte[] hay, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= hay.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (hay[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    Answer send(SdkHttpRequest signed, byte[] wire) throws Exception {
      HttpRequest.Builder out = HttpRequest.newBuilder(signed.getUri())
          .timeout(Duration.ofSeconds(30))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(wire));
      signed.headers().forEach((name, values) -> {
        if (!List.of("host", "content-length").contains(name.toLowerCase(java.util.Locale.ROOT))) {
          values.forEach(v -> out.header(name, v));
        }
      });
      HttpResponse<String> response = http.send(out.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers().firstValue("ETag").orElse(null),
          response.body());
    }

    @Override
    public void close() {
      try {
        aws.abortMultipartUpload(r -> r.bucket(bucket).key("probe.bin").uploadId(uploadId));
      } finally {
        aws.close();
      }
    }
  }

  static byte[] readAll(ContentStreamProvider p) throws Exception {
    try (InputStream in = p.newStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  static String verdict(Answer a) {
    if (a.status() >= 200 && a.status() < 300) {
      return "ignored (200)";
    }
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("<Code>([^<]+)</Code>")
        .matcher(a.body() == null ? "" : a.body());
    return "verified (" + a.status() + (code.find() ? " " + code.group(1) : "") + ")";
  }

  @FunctionalInterface
  interface Send {
    Answer part(int number) throws Exception;
  }

  private int next = 2;

  /**
   * The right value first, which the store must take for the wrong one to say anything: a store
   * that refuses the form itself gets {@code not accepted}; otherwise the wrong value's verdict.
   */
  void probe(StoreTarget target, String row, Send right, Send wrong) throws Exception {
    Answer control = right.part(next++);
    String outcome = control.status() != 200
        ? "not accepted, even right " + verdict(control).replace("verified ", "")
        : verdict(wrong.part(next++));
    if (row.contains("trailer") && target.scheme().equals("http")
        && outcome.startsWith("verified")) {
      // AWS's signer signs every chunk over plain http: other bytes in a chunk also break its
      // signature, so the refusal may be the chunk signature's, not the trailer's.
      outcome += ", chunks signed over http";
    }
    Matrix.record(SECTION, row, target, outcome);
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static Consumer<SignRequest.Builder<AwsCredentialsIdentity>> signedPayload() {
    return r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true);
  }

  static Consumer<SignRequest.Builder<AwsCredentialsIdentity>> trailer(
      software.amazon.awssdk.checksums.spi.ChecksumAlgorithm algorithm) {
    return r -> r.putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true)
        .putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, algorithm);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void wrongValuesAreRefusedOrTakenAndTheMatrixSaysWhich(StoreTarget target) throws Exception {
    byte[] data = bytes(100_000, 1);
    byte[] other = bytes(100_000, 2);
    try (Prober p = new Prober(target)) {
      Answer right = p.part(1, data, Map.of("Content-MD5",
          Base64.getEncoder().encodeToString(md5(data))), null, r -> { });
      assertThat(right.status()).as("a right part on %s: %s", target, right.body())
          .isEqualTo(200);
      String etag = right.etag() == null ? "" : right.etag().replace("\"", "");
      Matrix.record(SECTION, "a part's ETag is the MD5 of its bytes", target,
          etag.equalsIgnoreCase(HexFormat.of().formatHex(md5(data))) ? "yes"
              : "no (" + (etag.isEmpty() ? "none" : etag.length() + " characters") + ")");

      probe(target, "wrong Content-MD5",
          n -> p.part(n, data, Map.of("Content-MD5", b64(md5(data))), null, r -> { }),
          n -> p.part(n, data, Map.of("Content-MD5", b64(md5(other))), null, r -> { }));
      probe(target, "wrong signed payload SHA-256",
          n -> p.part(n, data, Map.of(), data, signedPayload()),
          n -> p.part(n, data, Map.of(), other, signedPayload()));
      for (software.amazon.awssdk.checksums.spi.ChecksumAlgorithm a : ALGORITHMS) {
        String name = a.algorithmId(); // CRC32, CRC32C, CRC64NVME, SHA256
        String header = "x-amz-checksum-" + name.toLowerCase(java.util.Locale.ROOT);
        probe(target, "wrong " + header + " header",
            n -> p.part(n, data, Map.of(header, checksum(a, data)), null, r -> { }),
            n -> p.part(n, data, Map.of(header, checksum(a, other)), null, r -> { }));
        // AWS's signer frames the bytes it is given with their checksum in the trailer; for the
        // wrong value it is given other bytes, and ours take their place: the trailer is not
        // theirs.
        Map<String, String> chunked = Map.of("Content-Encoding", "aws-chunked");
        probe(target, "wrong " + name + " trailer (unsigned aws-chunked)",
            n -> p.part(n, data, chunked, data, trailer(a)),
            n -> p.part(n, data, chunked, other, trailer(a)));
      }
    }
  }
}
