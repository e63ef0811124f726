package io.unipart.examples.browser;

import io.unipart.MultipartClient;
import io.unipart.PartPresigner;
import io.unipart.cos.CosCredentialsProvider;
import io.unipart.cos.CosMultipartClient;
import io.unipart.s3.AwsCredentialsProvider;
import io.unipart.s3.S3MultipartClient;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the browser upload example against a bucket; credentials come from the environment
 * ({@code AWS_*} for s3, {@code TENCENTCLOUD_*} for cos). The bucket needs a CORS rule that lets
 * the page's origin PUT and read the {@code ETag} header.
 */
@Command(name = "browser-upload", mixinStandardHelpOptions = true,
    description = "Serve a page that uploads a file straight to an S3 or COS bucket.")
public final class Main implements Callable<Integer> {
  @Option(names = "--dialect", defaultValue = "s3", description = "s3 or cos (default: s3)")
  String dialect;

  @Option(names = "--endpoint", description = "the endpoint (s3: required; cos: optional)")
  String endpoint;

  @Option(names = "--region", required = true, description = "the region")
  String region;

  @Option(names = "--bucket", required = true, description = "the bucket")
  String bucket;

  @Option(names = "--prefix", defaultValue = "uploads/", description = "key prefix")
  String prefix;

  @Option(names = "--port", defaultValue = "8080", description = "the page's port on 127.0.0.1")
  int port;

  /**
   * Runs the example.
   *
   * @param args the options
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (dialect.equals("s3")) {
      return serve(S3MultipartClient.builder().endpoint(endpoint).region(region).bucket(bucket)
          .credentialsProvider(AwsCredentialsProvider.environment()).build());
    }
    return serve(CosMultipartClient.builder().endpoint(endpoint).region(region).bucket(bucket)
        .credentialsProvider(CosCredentialsProvider.environment()).build());
  }

  private <C extends MultipartClient & PartPresigner> int serve(C client) throws Exception {
    try (client; BrowserUploadServer server = BrowserUploadServer.start(client, prefix, port)) {
      System.out.println("open " + server.url() + " (Ctrl-C stops)");
      new CountDownLatch(1).await();
    }
    return 0;
  }
}
