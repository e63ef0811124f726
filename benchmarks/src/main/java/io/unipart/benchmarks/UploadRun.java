package io.unipart.benchmarks;

import io.unipart.MultipartUploader;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.S3ProxyServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedFileUpload;

/**
 * One whole-file upload to S3Proxy on loopback, in this JVM, by one side: {@code unipart}
 * ({@link MultipartUploader}) or {@code aws} (AWS SDK v2's {@code S3TransferManager} over the
 * multipart {@code S3AsyncClient}), with the same part size and concurrency. Prints one line:
 * side, bytes, seconds, MiB/s, the peak heap used during the upload (all heap pools, peaks reset
 * after a GC just before it starts) and the CPU time this (client) JVM spent on it. S3Proxy runs in its own JVM and is not measured.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks.jar io.unipart.benchmarks.UploadRun unipart s3proxy.jar file 8 4
 * </pre>
 */
public final class UploadRun {
  static final String AK = "bench-access";
  static final String SK = "bench-secret";
  static final String BUCKET = "bench";

  private UploadRun() {}

  /**
   * Runs one upload.
   *
   * @param args side, S3Proxy jar, file, part size in MiB, concurrency[, endpoint of a running
   *     S3Proxy with this class's credentials and bucket]
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    String side = args[0];
    Path jar = Path.of(args[1]);
    Path file = Path.of(args[2]);
    long partSize = Long.parseLong(args[3]) << 20;
    int concurrency = Integer.parseInt(args[4]);
    long size = Files.size(file);
    try (S3ProxyServer server = args.length > 5 ? null : S3ProxyServer.start(jar, AK, SK, BUCKET)) {
      URI endpoint = server != null ? server.endpoint() : URI.create(args[5]);
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      long uploaded;
      if (side.equals("unipart")) {
        uploaded = unipart(endpoint, file, partSize, concurrency);
      } else if (side.equals("aws")) {
        uploaded = aws(endpoint, file, partSize, concurrency);
      } else {
        throw new IllegalArgumentException("side must be unipart or aws");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
      if (uploaded != size) {
        throw new IllegalStateException("uploaded " + uploaded + " of " + size + " bytes");
      }
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf(java.util.Locale.ROOT,
          "%s bytes=%d seconds=%.2f MiBps=%.1f peakHeapMiB=%.1f clientCpuSeconds=%.2f%n",
          side, size, seconds, size / 1048576.0 / seconds, peak / 1048576.0, cpu);
    }
  }

  static long unipart(URI endpoint, Path file, long partSize, int concurrency) {
    try (S3MultipartClient client = S3MultipartClient.builder()
        .endpoint(endpoint.toString()).region("us-east-1").bucket(BUCKET)
        .credentials(AwsCredentials.of(AK, SK)).build()) {
      UploadResult r = MultipartUploader.builder(client).concurrency(concurrency).build()
          .upload(file, UploadRequest.builder().key("unipart.bin").partSize(partSize).build());
      return r.size();
    }
  }

  static long aws(URI endpoint, Path file, long partSize, int concurrency) {
    try (S3AsyncClient s3 = awsJavaMultipart(endpoint, AK, SK, partSize, concurrency)
            // S3Proxy 4.1.0 refuses the x-amz-mp-object-size header AWS's multipart client adds to
            // CompleteMultipartUpload (501 NotImplemented); drop it before signing.
            .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
              @Override
              public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                  ExecutionAttributes attributes) {
                return context.httpRequest().toBuilder().removeHeader("x-amz-mp-object-size")
                    .build();
              }
            }))
            .build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(s3).build()) {
      CompletedFileUpload done = tm.uploadFile(u -> u.source(file)
          .putObjectRequest(p -> p.bucket(BUCKET).key("aws.bin"))).completionFuture().join();
      if (done.response().eTag() == null) {
        throw new IllegalStateException("no ETag");
      }
      return s3.headObject(h -> h.bucket(BUCKET).key("aws.bin")).join().contentLength();
    }
  }

  /**
   * AWS SDK v2's multipart async client on Netty, path-style, at the given part size and
   * concurrency: the AWS Java side of every upload benchmark.
   */
  static S3AsyncClientBuilder awsJavaMultipart(URI endpoint, String accessKey, String secretKey,
      long partSize, int concurrency) {
    return S3AsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(concurrency)
            .connectionAcquisitionTimeout(Duration.ofMinutes(5)))
        .multipartEnabled(true)
        .multipartConfiguration(c -> c.minimumPartSizeInBytes(partSize).thresholdInBytes(partSize));
  }
}
