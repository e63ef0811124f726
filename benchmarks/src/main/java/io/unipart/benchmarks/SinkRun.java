package io.unipart.benchmarks;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.region.Region;
import com.qcloud.cos.transfer.TransferManager;
import com.qcloud.cos.transfer.TransferManagerConfiguration;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import io.unipart.MultipartUploader;
import io.unipart.UploadRequest;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * One whole-file upload to the {@link SinkServer}, by one side, in this (fresh) JVM. Prints one
 * line: side, scheme, concurrency, bytes, seconds, MiB/s, the process CPU seconds the upload took
 * and per GiB, and what {@code /proc/self/io} counted: {@code rchar} (bytes this process read by
 * read calls: the file, plus the few response bytes) per byte of the file, and {@code read_bytes}
 * (bytes fetched from the disk itself; 0 when the file sits in the page cache). Checks that the
 * sink received at least the file's bytes.
 *
 * <p>Sides: {@code unipart} (MultipartUploader, defaults), {@code unipart-crc32c} (with a
 * CRC32C flexible checksum, which over https sends each part in one read), {@code floor} (raw OkHttp PUTs of the same
 * parts: no signing, no hashing, no initiate or complete), {@code aws-java} (S3TransferManager on
 * the Netty async client), {@code aws-crt} (S3TransferManager on the CRT client), {@code minio}
 * ({@code uploadObject}: minio-java sends parts one at a time, whatever the concurrency), {@code
 * cos} (Tencent's TransferManager).
 *
 * <pre>
 * java -Djavax.net.ssl.trustStore=sink-trust.p12 -cp benchmarks.jar \
 *     io.unipart.benchmarks.SinkRun unipart https://127.0.0.1:PORT file 8 4
 * </pre>
 */
public final class SinkRun {
  static final String AK = "SINKACCESS";
  static final String SK = "sink-secret";
  static final String BUCKET = "bench";

  private SinkRun() {}

  /**
   * Runs one upload.
   *
   * @param args side, sink endpoint, file, part size in MiB, concurrency, and optionally how
   *     many uploads to make first, unmeasured, in the same JVM (0 by default: a fresh JVM's
   *     upload; more to measure a warmed-up process, its classes loaded and its hot code
   *     compiled)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    String side = args[0];
    URI endpoint = URI.create(args[1]);
    Path file = Path.of(args[2]);
    long partSize = Long.parseLong(args[3]) << 20;
    int concurrency = Integer.parseInt(args[4]);
    int warmups = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    long size = Files.size(file);
    for (int i = 0; i < warmups; i++) {
      run(side, endpoint, file, partSize, concurrency);
    }
    long sinkBefore = sinkBytes(endpoint);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[] ioBefore = procIo();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    run(side, endpoint, file, partSize, concurrency);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
    long[] ioAfter = procIo();
    long received = sinkBytes(endpoint) - sinkBefore;
    if (received < size) {
      throw new IllegalStateException(side + ": the sink received " + received + " of " + size
          + " bytes");
    }
    double gib = size / (double) (1L << 30);
    System.out.printf(Locale.ROOT, "%s scheme=%s concurrency=%d bytes=%d seconds=%.2f MiBps=%.1f"
        + " cpuSeconds=%.2f cpuSecondsPerGiB=%.2f rcharPerByte=%.2f readBytes=%d%n", side,
        endpoint.getScheme(), concurrency, size, seconds, size / 1048576.0 / seconds, cpu,
        cpu / gib, (ioAfter[0] - ioBefore[0]) / (double) size, ioAfter[1] - ioBefore[1]);
  }

  /** One whole upload by one side. */
  static void run(String side, URI endpoint, Path file, long partSize, int concurrency)
      throws Exception {
    if (side.startsWith("unipart-limit-")) {
      // Issue 30: the default path paced by a bandwidth limit, unipart-limit-<MiB per second>.
      limited(endpoint, file, partSize, concurrency, Long.parseLong(side.substring(14)) << 20);
      return;
    }
    switch (side) {
      case "unipart" -> unipart(endpoint, file, partSize, concurrency, null, null);
      case "unipart-crc32c" -> unipart(endpoint, file, partSize, concurrency,
          io.unipart.s3.ChecksumAlgorithm.CRC32C, null);
      // Issue 33: the default on AWS endpoints (a CRC32 checksum: over https in an unsigned
      // trailer, one read), and both defaults with Conscrypt as the client's TLS engine.
      case "unipart-aws" -> unipart(endpoint, file, partSize, concurrency,
          io.unipart.s3.ChecksumAlgorithm.CRC32, null);
      case "unipart-conscrypt" -> unipart(endpoint, file, partSize, concurrency, null,
          io.unipart.conscrypt.ConscryptTls.provider());
      case "unipart-aws-conscrypt" -> unipart(endpoint, file, partSize, concurrency,
          io.unipart.s3.ChecksumAlgorithm.CRC32, io.unipart.conscrypt.ConscryptTls.provider());
      case "floor-conscrypt" -> floor(endpoint, file, partSize, concurrency, true);
      // Each store's default mode (issue 35): its preset, or, for a store that checks nothing
      // it is sent (Adobe S3Mock), a plain endpoint whose probe finds that out, as the sink
      // takes any value, and then holds every part's ETag to its MD5.
      case "unipart-ceph" -> store(S3MultipartClient.builder().ceph(endpoint.toString()),
          file, partSize, concurrency);
      case "unipart-swift" -> store(S3MultipartClient.builder().swift(endpoint.toString()),
          file, partSize, concurrency);
      case "unipart-unchecked" -> store(S3MultipartClient.builder()
          .endpoint(endpoint.toString()).region("us-east-1"), file, partSize, concurrency);
      case "floor" -> floor(endpoint, file, partSize, concurrency, false);
      case "aws-java" -> awsJava(endpoint, file, partSize, concurrency);
      case "aws-crt" -> awsCrt(endpoint, file, partSize, concurrency);
      case "minio" -> minio(endpoint, file, partSize);
      case "cos" -> cos(endpoint, file, partSize, concurrency);
      default -> throw new IllegalArgumentException("unknown side " + side);
    }
  }

  /** {@code rchar} and {@code read_bytes} of this process. */
  static long[] procIo() throws IOException {
    long rchar = -1;
    long readBytes = -1;
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("rchar:")) {
        rchar = Long.parseLong(line.substring(6).trim());
      } else if (line.startsWith("read_bytes:")) {
        readBytes = Long.parseLong(line.substring(11).trim());
      }
    }
    return new long[] {rchar, readBytes};
  }

  /** The sink's count of body bytes, over a plain JDK connection (not counted as the side's). */
  static long sinkBytes(URI endpoint) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    String body = client.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/_stats"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    return Long.parseLong(body.replaceAll("[^0-9]", ""));
  }

  /** One upload through a client a store preset set up. */
  static void store(S3MultipartClient.Builder preset, Path file, long partSize,
      int concurrency) {
    try (S3MultipartClient client = preset.bucket(BUCKET).credentials(AwsCredentials.of(AK, SK))
        .build()) {
      MultipartUploader.builder(client).concurrency(concurrency).build().upload(file,
          UploadRequest.builder().key("unipart.bin").partSize(partSize).build());
    }
  }

  /**
   * The default path as on AWS, whose checks are documented: the sink stands for it, so the
   * client vouches for it instead of probing (a probe of the sink, which takes any value, would
   * find nothing checked: that path is {@code unipart-unchecked}). With a flexible checksum, over
   * https each part is read once, its CRC in a trailer.
   */
  static void unipart(URI endpoint, Path file, long partSize, int concurrency,
      io.unipart.s3.ChecksumAlgorithm checksum, java.security.Provider tls) {
    S3MultipartClient.Builder builder = S3MultipartClient.builder()
        .endpoint(endpoint.toString()).region("us-east-1").bucket(BUCKET)
        .credentials(AwsCredentials.of(AK, SK)).probeStoreChecks(false)
        .checksumAlgorithm(checksum);
    if (tls != null) {
      builder.tlsProvider(tls);
    }
    try (S3MultipartClient client = builder.build()) {
      MultipartUploader.builder(client).concurrency(concurrency).build().upload(file,
          UploadRequest.builder().key("unipart.bin").partSize(partSize).build());
    }
  }

  /** The default path with every part drawing on one {@code BandwidthLimit}. */
  static void limited(URI endpoint, Path file, long partSize, int concurrency,
      long bytesPerSecond) {
    try (S3MultipartClient client = S3MultipartClient.builder().endpoint(endpoint.toString())
        .region("us-east-1").bucket(BUCKET).credentials(AwsCredentials.of(AK, SK))
        .probeStoreChecks(false).build()) {
      MultipartUploader.builder(client).concurrency(concurrency).build().upload(file,
          UploadRequest.builder().key("unipart.bin").partSize(partSize).build(),
          io.unipart.TransferOptions.builder()
              .bandwidthLimit(io.unipart.BandwidthLimit.bytesPerSecond(bytesPerSecond)).build());
    }
  }

  /**
   * The floor: each part PUT as it is read from the file, nothing else; with {@code conscrypt},
   * over Conscrypt's TLS, trusting what the JVM trusts (as {@code tlsProvider(..)} does).
   */
  static void floor(URI endpoint, Path file, long partSize, int concurrency, boolean conscrypt)
      throws Exception {
    OkHttpClient.Builder builder = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(2))
        .writeTimeout(Duration.ofMinutes(2));
    if (conscrypt) {
      javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
          "PKIX", io.unipart.conscrypt.ConscryptTls.provider());
      javax.net.ssl.TrustManagerFactory jvm = javax.net.ssl.TrustManagerFactory.getInstance(
          javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      jvm.init((java.security.KeyStore) null);
      java.security.KeyStore anchors = java.security.KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      int n = 0;
      for (java.security.cert.X509Certificate c : ((javax.net.ssl.X509TrustManager)
          jvm.getTrustManagers()[0]).getAcceptedIssuers()) {
        anchors.setCertificateEntry("a" + n++, c);
      }
      tmf.init(anchors);
      javax.net.ssl.X509TrustManager tm =
          (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0];
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS",
          io.unipart.conscrypt.ConscryptTls.provider());
      context.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
      builder.sslSocketFactory(context.getSocketFactory(), tm);
    }
    OkHttpClient http = builder.build();
    http.dispatcher().setMaxRequestsPerHost(concurrency);
    long size = Files.size(file);
    int parts = (int) ((size + partSize - 1) / partSize);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int n = 1; n <= parts; n++) {
        long offset = (n - 1) * partSize;
        long length = Math.min(partSize, size - offset);
        String url = endpoint + "/" + BUCKET + "/floor.bin?partNumber=" + n + "&uploadId=floor";
        sent.add(pool.submit(() -> {
          Request request = new Request.Builder().url(url).put(new RequestBody() {
            @Override
            public MediaType contentType() {
              return null;
            }

            @Override
            public long contentLength() {
              return length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
              try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(offset);
                InputStream in = Channels.newInputStream(ch);
                try (Source source = Okio.source(in)) {
                  sink.write(source, length);
                }
              }
            }
          }).build();
          try (Response r = http.newCall(request).execute()) {
            if (!r.isSuccessful()) {
              throw new IOException("HTTP " + r.code());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  static void awsJava(URI endpoint, Path file, long partSize, int concurrency) {
    try (S3AsyncClient s3 =
            UploadRun.awsJavaMultipart(endpoint, AK, SK, partSize, concurrency).build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(s3).build()) {
      tm.uploadFile(u -> u.source(file).putObjectRequest(p -> p.bucket(BUCKET)
          .key("aws-java.bin"))).completionFuture().join();
    }
  }

  static void awsCrt(URI endpoint, Path file, long partSize, int concurrency) {
    try (S3AsyncClient s3 = S3AsyncClient.crtBuilder().endpointOverride(endpoint)
            .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(AK, SK)))
            .minimumPartSizeInBytes(partSize).thresholdInBytes(partSize)
            .maxConcurrency(concurrency)
            .httpConfiguration(h -> h.trustAllCertificatesEnabled(true))
            .build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(s3).build()) {
      tm.uploadFile(u -> u.source(file).putObjectRequest(p -> p.bucket(BUCKET)
          .key("aws-crt.bin"))).completionFuture().join();
    }
  }

  static void minio(URI endpoint, Path file, long partSize) throws Exception {
    MinioClient minio = MinioClient.builder().endpoint(endpoint.toString())
        .credentials(AK, SK).region("us-east-1").build();
    if (endpoint.getScheme().equals("https")) {
      // minio builds its own trust and ignores javax.net.ssl.trustStore: its own switch
      minio.ignoreCertCheck();
    }
    minio.uploadObject(UploadObjectArgs.builder().bucket(BUCKET).object("minio.bin")
        .filename(file.toString(), partSize).build());
  }

  static void cos(URI endpoint, Path file, long partSize, int concurrency) throws Exception {
    ClientConfig config = new ClientConfig(new Region("ap-beijing"));
    config.setHttpProtocol(endpoint.getScheme().equals("https") ? HttpProtocol.https
        : HttpProtocol.http);
    String host = endpoint.getHost() + ":" + endpoint.getPort();
    config.setEndpointBuilder(new EndpointBuilder() {
      @Override
      public String buildGeneralApiEndpoint(String bucketName) {
        return host;
      }

      @Override
      public String buildGetServiceApiEndpoint() {
        return host;
      }
    });
    COSClient cos = new COSClient(new BasicCOSCredentials("AKIDSINK", SK), config);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    TransferManager tm = new TransferManager(cos, pool);
    try {
      TransferManagerConfiguration c = new TransferManagerConfiguration();
      c.setMinimumUploadPartSize(partSize);
      c.setMultipartUploadThreshold(partSize);
      tm.setConfiguration(c);
      tm.upload(new PutObjectRequest("bench-1250000000", "cos.bin", file.toFile()))
          .waitForUploadResult();
    } finally {
      tm.shutdownNow(true);
      pool.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
