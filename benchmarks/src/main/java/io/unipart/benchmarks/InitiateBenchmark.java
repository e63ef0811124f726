package io.unipart.benchmarks;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.UserSpecifiedEndpointBuilder;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.region.Region;
import io.minio.MinioAsyncClient;
import io.unipart.cos.CosCredentials;
import io.unipart.cos.CosMultipartClient;
import io.unipart.UploadRequest;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One initiate round trip against an in-process loopback server: unipart, a raw OkHttp POST of
 * the same request (the floor: no signing, no parsing), AWS SDK v2 and minio-java; and for the
 * COS dialect, unipart's COS client against Tencent's {@code cos_api} {@code COSClient}. Run it at one
 * thread for latency ({@code -bm avgt -t 1}) and at 16 for throughput ({@code -bm thrpt -t 16}).
 * For latency figures that do not depend on where the scheduler puts the client and the server,
 * run it under {@code taskset -c 1}: one CPU, so a call costs what its work costs, without the
 * cross-CPU wake-ups that dominate (and scatter) loopback latency on a small virtual machine.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
// Long warm-up: on two cores unipart's path (more code than the floor's) needs about 10 s before
// C2 has compiled it; with the 6 s used at first, its figure still held interpreted calls.
@Warmup(iterations = 12, time = 2)
@Measurement(iterations = 8, time = 1)
public class InitiateBenchmark {
  static final String AK = "AKIAIOSFODNN7EXAMPLE";
  static final String COS_BUCKET = "bench-1250000000";
  static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  LoopbackServer server;
  S3MultipartClient unipart;
  UploadRequest request;
  OkHttpClient okhttp;
  Request raw;
  S3Client aws;
  MinioAsyncClient minio;
  CosMultipartClient unipartCos;
  COSClient cosSdk;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new LoopbackServer(0);
    unipart = S3MultipartClient.builder().endpoint(server.endpoint()).region("us-east-1")
        .bucket(LoopbackServer.BUCKET).credentials(AwsCredentials.of(AK, SK)).build();
    request = UploadRequest.builder().key(LoopbackServer.KEY).contentType("video/mp4").build();
    okhttp = new OkHttpClient();
    // The floor sends the very bytes unipart sends (signature included, computed once), so the
    // difference is unipart's own work per call: signing, building, checking and parsing.
    Request.Builder same = new Request.Builder()
        .url(server.endpoint() + "/" + LoopbackServer.BUCKET + "/" + LoopbackServer.KEY + "?uploads")
        .post(RequestBody.create(new byte[0]));
    for (String line : server.captureNext(this::unipart)) {
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon);
      if (colon > 0 && !Set.of("host", "content-length", "connection", "accept-encoding")
          .contains(name.toLowerCase(Locale.ROOT))) {
        same.header(name, line.substring(colon + 1).trim());
      }
    }
    raw = same.build();
    aws = S3Client.builder().endpointOverride(URI.create(server.endpoint()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AK, SK)))
        .httpClient(ApacheHttpClient.builder().maxConnections(64).build()).build();
    minio = MinioAsyncClient.builder().endpoint(server.endpoint()).region("us-east-1")
        .credentials(AK, SK).build();
    unipartCos = CosMultipartClient.builder().region("ap-beijing").bucket(COS_BUCKET)
        .endpoint(server.endpoint()).credentials(CosCredentials.of(AK, SK)).build();
    ClientConfig config = new ClientConfig(new Region("ap-beijing"));
    config.setHttpProtocol(HttpProtocol.http);
    String hostPort = server.endpoint().substring("http://".length());
    config.setEndpointBuilder(new UserSpecifiedEndpointBuilder(hostPort, hostPort));
    config.setMaxConnectionsCount(64);
    cosSdk = new COSClient(new BasicCOSCredentials(AK, SK), config);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    unipart.close();
    aws.close();
    unipartCos.close();
    cosSdk.shutdown();
    okhttp.dispatcher().executorService().shutdown();
    okhttp.connectionPool().evictAll();
    server.close();
  }

  @Benchmark
  public String unipart() {
    return unipart.initiate(request).uploadId();
  }

  @Benchmark
  public String rawOkHttpFloor() throws Exception {
    try (Response r = okhttp.newCall(raw).execute()) {
      return r.body().string();
    }
  }

  /**
   * The floor plus the one per-call cost unipart will not drop: an attempt deadline (Okio's
   * {@code AsyncTimeout}, which wakes OkHttp's watchdog thread), so a stalled server cannot hang
   * a caller. Not a peer; it splits the gap between the floor and unipart into its parts.
   */
  @Benchmark
  public String rawOkHttpWithDeadline() throws Exception {
    Call call = okhttp.newCall(raw);
    call.timeout().timeout(30, TimeUnit.SECONDS);
    try (Response r = call.execute()) {
      return r.body().string();
    }
  }

  @Benchmark
  public String awsSdkV2() {
    return aws.createMultipartUpload(b -> b.bucket(LoopbackServer.BUCKET).key(LoopbackServer.KEY)
        .contentType("video/mp4")).uploadId();
  }

  @Benchmark
  public String minio() throws Exception {
    return minio.createMultipartUploadAsync(LoopbackServer.BUCKET, "us-east-1",
        LoopbackServer.KEY, null, null).get().result().uploadId();
  }

  @Benchmark
  public String unipartCos() {
    return unipartCos.initiate(request).uploadId();
  }

  @Benchmark
  public String cosSdk() {
    ObjectMetadata metadata = new ObjectMetadata();
    metadata.setContentType("video/mp4");
    return cosSdk.initiateMultipartUpload(
        new InitiateMultipartUploadRequest(COS_BUCKET, LoopbackServer.KEY, metadata)).getUploadId();
  }
}
