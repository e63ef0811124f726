package io.unipart.examples;

import io.unipart.examples.demo.Demo;

import io.unipart.testkit.S3ProxyServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server (the S3Proxy the demo embeds) for a test class, with AWS's own client on it to
 * read back what landed and list what is open, independently of unipart.
 */
final class RealS3 implements AutoCloseable {
  final S3ProxyServer server;
  final S3Client aws;

  private RealS3(S3ProxyServer server, S3Client aws) {
    this.server = server;
    this.aws = aws;
  }

  static RealS3 start(String accessKey, String secretKey, String bucket) throws Exception {
    S3ProxyServer server = S3ProxyServer.start(Demo.s3proxyJar(), accessKey,
        secretKey, bucket);
    S3Client aws = S3Client.builder().endpointOverride(server.endpoint())
        .region(Region.US_EAST_1).forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
    return new RealS3(server, aws);
  }

  @Override
  public void close() {
    aws.close();
    server.close();
  }
}
