package io.unipart.examples;

import io.unipart.AuthenticationException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code demo}: starts S3Proxy (carried inside unipart.jar) with authentication on, initiates a
 * few uploads through {@link S3MultipartClient}, and prints them as a table. No cloud account.
 */
final class Demo {
  static final String BUCKET = "demo-bucket";
  private static final String EMBEDDED = "/io/unipart/examples/embedded/s3proxy.jar.bin";

  private Demo() {}

  static int run(PrintStream out) throws IOException {
    InputStream jar = Demo.class.getResourceAsStream(EMBEDDED);
    if (jar == null) {
      throw new IOException("the embedded S3 server is missing; build with 'mvn package' first");
    }
    Path s3proxyJar = S3ProxyServer.extractJar(jar);
    String accessKey = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    String secretKey = UUID.randomUUID().toString();
    List<UploadSession> sessions = new ArrayList<>();
    out.println("Starting an embedded S3-compatible server (S3Proxy, SigV4 authentication on)...");
    try (S3ProxyServer server = S3ProxyServer.start(s3proxyJar, accessKey, secretKey, BUCKET)) {
      out.println("Server ready at " + server.endpoint() + ", bucket " + BUCKET);
      out.println();
      try (S3MultipartClient s3 =
          S3MultipartClient.builder()
              .endpoint(server.endpoint().toString())
              .region("us-east-1")
              .bucket(BUCKET)
              .credentials(AwsCredentials.of(accessKey, secretKey))
              .build()) {
        sessions.add(s3.initiate(UploadRequest.builder().key("videos/intro.mp4")
            .contentType("video/mp4").contentLength(734_003_200L).partSize(64L << 20).build()));
        sessions.add(s3.initiate(S3InitiateRequest.builder().key("reports/2026 Q4 (final).pdf")
            .contentType("application/pdf").cacheControl("no-cache")
            .metadata("owner", "finance").storageClass("STANDARD").build()));
        sessions.add(s3.initiate(UploadRequest.builder().key("photos/東京/夜景 🌃.jpg")
            .contentType("image/jpeg").build()));
        sessions.add(s3.initiateAsync(UploadRequest.builder().key("backups/db+2026-11-21.tar.gz")
            .build()).join());
      }
      printTable(out, sessions);
      out.println();
      try (S3MultipartClient wrong =
          S3MultipartClient.builder()
              .endpoint(server.endpoint().toString())
              .region("us-east-1")
              .bucket(BUCKET)
              .credentials(AwsCredentials.of(accessKey, "not-the-secret"))
              .build()) {
        wrong.initiate(UploadRequest.builder().key("should/fail.txt").build());
        out.println("Unexpected: a wrong secret was accepted.");
        return UnipartCli.FAILED;
      } catch (AuthenticationException e) {
        out.println("A wrong secret is refused as it should be: " + UnipartCli.oneLine(e));
      }
    }
    out.println();
    out.println(sessionsLine(sessions.size()));
    return UnipartCli.OK;
  }

  static String sessionsLine(int n) {
    return n + " uploads initiated against the embedded server; server stopped.";
  }

  static void printTable(PrintStream out, List<UploadSession> sessions) {
    String[] head = {"#", "dialect", "bucket", "key", "upload id", "request id"};
    List<String[]> rows = new ArrayList<>();
    int i = 1;
    for (UploadSession s : sessions) {
      rows.add(new String[] {String.valueOf(i++), s.dialect(), s.destination(), s.key(),
          s.uploadId(), s.requestId().orElse("-")});
    }
    int[] width = new int[head.length];
    for (int c = 0; c < head.length; c++) {
      width[c] = displayWidth(head[c]);
      for (String[] r : rows) {
        width[c] = Math.max(width[c], displayWidth(r[c]));
      }
    }
    out.println(line(head, width));
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < width.length; c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    out.println(rule);
    rows.forEach(r -> out.println(line(r, width)));
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      sb.append(c == 0 ? "" : " | ").append(cells[c])
          .append(" ".repeat(width[c] - displayWidth(cells[c])));
    }
    return sb.toString().stripTrailing();
  }

  /** Terminal columns: East Asian wide characters and emoji take two. */
  static int displayWidth(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF)
          || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF)
          || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
          || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF)
          || (cp >= 0x20000 && cp <= 0x3FFFD);
      w += wide ? 2 : 1;
    }
    return w;
  }
}
