package io.unipart.s3;

import io.unipart.spi.HttpRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 for the same initiate request ({@code POST /bucket/key?uploads} with a content type, a
 * storage class and user metadata): unipart, AWS SDK v2's {@code AwsV4HttpSigner}, minio-java's
 * {@code Signer.signV4S3}. Lives in {@code io.unipart.s3} to reach the package-private signer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class S3SigningBenchmark {
  static final String AK = "AKIAIOSFODNN7EXAMPLE";
  static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String URL = "https://examplebucket.s3.us-east-1.amazonaws.com/videos/"
      + "intro%20final.mp4?uploads";
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  SigV4Signer unipart;
  HttpRequest request;
  AwsV4HttpSigner aws;
  SdkHttpRequest awsRequest;
  AwsCredentialsIdentity identity;
  Clock clock;
  okhttp3.Request minioRequest;

  @Setup
  public void setUp() {
    unipart = SigV4Signer.forS3("us-east-1", AwsCredentialsProvider.of(AwsCredentials.of(AK, SK)));
    request = HttpRequest.builder("POST", URI.create(URL))
        .header("Content-Type", "video/mp4")
        .header("x-amz-storage-class", "STANDARD_IA")
        .header("x-amz-meta-owner", "media-team")
        .build();
    aws = AwsV4HttpSigner.create();
    awsRequest = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("https")
        .host("examplebucket.s3.us-east-1.amazonaws.com").encodedPath("/videos/intro%20final.mp4")
        .putRawQueryParameter("uploads", (String) null)
        .putHeader("Content-Type", "video/mp4")
        .putHeader("x-amz-storage-class", "STANDARD_IA")
        .putHeader("x-amz-meta-owner", "media-team")
        .build();
    identity = AwsCredentialsIdentity.create(AK, SK);
    clock = Clock.fixed(NOW, ZoneOffset.UTC);
    minioRequest = new okhttp3.Request.Builder().url(URL)
        .post(okhttp3.RequestBody.create(new byte[0]))
        .header("Host", "examplebucket.s3.us-east-1.amazonaws.com")
        .header("Content-Type", "video/mp4")
        .header("x-amz-storage-class", "STANDARD_IA")
        .header("x-amz-meta-owner", "media-team")
        .header("x-amz-date", "20261122T100000Z")
        .header("x-amz-content-sha256", EMPTY)
        .build();
  }

  @Benchmark
  public HttpRequest unipart() {
    return unipart.sign(request, NOW);
  }

  @Benchmark
  public SignedRequest awsSdkV2() {
    return aws.sign(r -> r.identity(identity).request(awsRequest)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock));
  }

  @Benchmark
  public okhttp3.Request minio() throws Exception {
    return io.minio.Signer.signV4S3(minioRequest, "us-east-1", AK, SK, EMPTY);
  }
}
