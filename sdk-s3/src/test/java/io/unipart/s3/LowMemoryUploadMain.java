package io.unipart.s3;

import io.unipart.MultipartUploader;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LowMemoryUploadTest}: uploads one file with default settings
 * (credentials from the environment) and prints the result and the peak heap used.
 */
public final class LowMemoryUploadMain {
  private LowMemoryUploadMain() {}

  /**
   * Uploads a file.
   *
   * @param args endpoint, bucket, key, file
   */
  public static void main(String[] args) {
    try (S3MultipartClient client = S3MultipartClient.builder()
        .endpoint(args[0]).region("us-east-1").bucket(args[1]).build()) {
      UploadResult result = MultipartUploader.builder(client).build()
          .upload(Path.of(args[3]), UploadRequest.builder().key(args[2]).build());
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println("size=" + result.size() + " parts=" + result.parts().size()
          + " maxHeap=" + Runtime.getRuntime().maxMemory() + " peakHeapUsed=" + peak);
    }
  }
}
