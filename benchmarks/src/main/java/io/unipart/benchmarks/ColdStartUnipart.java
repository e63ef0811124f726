package io.unipart.benchmarks;

import io.unipart.UploadRequest;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;

/**
 * Cold start, unipart side: a fresh JVM from {@code main} to the first completed initiate against
 * the loopback server at {@code args[0]}. Prints the milliseconds from entering {@code main} to
 * the upload id in hand; {@code benchmarks/cold-start.sh} also times the whole process. Kept apart
 * from {@link ColdStartAws} so neither run loads the other's classes.
 */
public final class ColdStartUnipart {
  private ColdStartUnipart() {}

  /**
   * Runs one initiate.
   *
   * @param args the loopback server's base URL
   */
  public static void main(String[] args) {
    long start = System.nanoTime();
    String id;
    try (S3MultipartClient c = S3MultipartClient.builder().endpoint(args[0])
        .region("us-east-1").bucket(LoopbackServer.BUCKET)
        .credentials(AwsCredentials.of("AKIDCOLD", "cold-secret")).build()) {
      id = c.initiate(UploadRequest.builder().key(LoopbackServer.KEY).build()).uploadId();
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("unipart " + ms + " " + id);
  }
}
