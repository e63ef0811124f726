package io.unipart.benchmarks;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cold start, AWS SDK v2 side: the same initiate as {@link ColdStartUnipart} through
 * {@code S3Client.createMultipartUpload}, with the HTTP client the SDK picks by default from its own
 * closure (Apache 5 in 2.56).
 */
public final class ColdStartAws {
  private ColdStartAws() {}

  /**
   * Runs one initiate.
   *
   * @param args the loopback server's base URL
   */
  public static void main(String[] args) {
    long start = System.nanoTime();
    String id;
    try (S3Client c = S3Client.builder().endpointOverride(URI.create(args[0]))
        .region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDCOLD", "cold-secret"))).build()) {
      id = c.createMultipartUpload(b -> b.bucket(LoopbackServer.BUCKET)
          .key(LoopbackServer.KEY)).uploadId();
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("aws " + ms + " " + id);
  }
}
