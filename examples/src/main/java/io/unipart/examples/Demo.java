package io.unipart.examples;

import io.unipart.AuthenticationException;
import io.unipart.MultipartUploader;
import io.unipart.TransferOptions;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.cognite.CogniteInitiateRequest;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosAcl;
import io.unipart.cos.CosCredentials;
import io.unipart.cos.CosInitiateRequest;
import io.unipart.cos.CosMultipartClient;
import io.unipart.cos.CosStorageClass;
import io.unipart.presigned.PresignedInitiateRequest;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumInitiateRequest;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testing.LocalHttpStub;
import io.unipart.testing.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * {@code demo}: starts local servers (S3Proxy, carried inside unipart.jar, with authentication
 * on; stand-ins for COS, Cognite, Guance and the presigned-URL API), initiates uploads through
 * every dialect, and prints them as a table.
 * No cloud account needed.
 */
final class Demo {
  static final String BUCKET = "demo-bucket";
  static final String COS_BUCKET = "demo-1250000000";
  static final String COGNITE_PROJECT = "demo-project";
  static final String PRESIGNED_PROJECT = "agmipmdzkrte";
  private static final String EMBEDDED = "/io/unipart/examples/embedded/s3proxy.jar.bin";

  private Demo() {}

  static int run(PrintStream out) throws IOException {
    List<UploadSession> sessions = new ArrayList<>();
    String refused = s3(out, sessions);
    cos(out, sessions);
    cognite(out, sessions);
    String conflict = rum(out, sessions);
    presigned(out, sessions);
    out.println();
    printTable(out, sessions);
    out.println();
    out.println("A wrong secret is refused by the S3 server, as it should be: " + refused);
    out.println("A second sourcemap for the same RUM app, version and env is refused: " + conflict);
    out.println();
    out.println("1 whole file uploaded through the S3 dialect; "
        + sessions.size() + " uploads initiated through "
        + sessions.stream().map(UploadSession::dialect).distinct().count()
        + " dialects; local servers stopped.");
    return UnipartCli.OK;
  }

  /** A real S3 server that checks every signature; returns how it refused a wrong secret. */
  private static String s3(PrintStream out, List<UploadSession> sessions) throws IOException {
    InputStream jar = Demo.class.getResourceAsStream(EMBEDDED);
    if (jar == null) {
      throw new IOException("the embedded S3 server is missing; build with 'mvn package' first");
    }
    Path s3proxyJar = S3ProxyServer.extractJar(jar);
    String accessKey = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    String secretKey = UUID.randomUUID().toString();
    out.println("Starting an embedded S3-compatible server (S3Proxy, SigV4 authentication on)...");
    try (S3ProxyServer server = S3ProxyServer.start(s3proxyJar, accessKey, secretKey, BUCKET)) {
      out.println("  ready at " + server.endpoint() + ", bucket " + BUCKET);
      S3MultipartClient.Builder builder = S3MultipartClient.builder()
          .endpoint(server.endpoint().toString()).region("us-east-1").bucket(BUCKET);
      try (S3MultipartClient s3 =
          builder.credentials(AwsCredentials.of(accessKey, secretKey)).build()) {
        sessions.add(s3.initiate(UploadRequest.builder().key("videos/intro.mp4")
            .contentType("video/mp4").contentLength(734_003_200L).partSize(64L << 20).build()));
        sessions.add(s3.initiate(S3InitiateRequest.builder().key("reports/2026 Q4 (final).pdf")
            .contentType("application/pdf").cacheControl("no-cache")
            .metadata("owner", "finance").storageClass("STANDARD").build()));
        sessions.add(s3.initiate(UploadRequest.builder().key("photos/東京/夜景 🌃.jpg")
            .contentType("image/jpeg").build()));
        sessions.add(s3.initiateAsync(UploadRequest.builder().key("backups/db+2026-11-21.tar.gz")
            .build()).join());
        uploadWholeFile(out, s3);
      }
      try (S3MultipartClient wrong =
          builder.credentials(AwsCredentials.of(accessKey, "not-the-secret")).build()) {
        wrong.initiate(UploadRequest.builder().key("should/fail.txt").build());
        throw new IllegalStateException("a wrong secret was accepted");
      } catch (AuthenticationException e) {
        return UnipartCli.oneLine(e);
      }
    }
  }

  /** A generated file, uploaded whole: parts in parallel, progress, complete. */
  private static void uploadWholeFile(PrintStream out, S3MultipartClient s3) throws IOException {
    Path dir = Files.createTempDirectory("unipart-demo-");
    Path file = dir.resolve("generated.bin");
    try {
      byte[] chunk = new byte[1 << 20];
      Random random = new Random(2026);
      try (var w = Files.newOutputStream(file)) {
        for (int i = 0; i < 24; i++) {
          random.nextBytes(chunk);
          w.write(chunk);
        }
      }
      out.println("  uploading a generated 24 MiB file in 5 MiB parts, 4 at a time...");
      long start = System.nanoTime();
      UploadResult result = MultipartUploader.builder(s3).concurrency(4).build().upload(file,
          UploadRequest.builder().key("generated/demo-24MiB.bin").partSize(5L << 20).build(),
          TransferOptions.builder().progressListener(p -> out.println("    part "
              + p.partNumber() + " acknowledged, " + p.transferredBytes() + "/" + p.totalBytes()
              + " bytes")).build());
      out.println("  uploaded " + result.key() + ": " + result.size() + " bytes in "
          + result.parts().size() + " parts, ETag " + result.etag().orElse("?") + " ("
          + (System.nanoTime() - start) / 1_000_000 + " ms)");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** A stand-in for COS that answers as COS does and checks the signature's shape. */
  private static void cos(PrintStream out, List<UploadSession> sessions) throws IOException {
    String secretId = "AKIDdemo" + UUID.randomUUID().toString().substring(0, 8);
    try (LocalHttpStub stub = LocalHttpStub.start(request -> cosAnswer(request, secretId))) {
      out.println("Starting a local stand-in for Tencent COS at " + stub.baseUrl()
          + " (answers as COS documents; checks the q-sign-* Authorization)");
      try (CosMultipartClient cos = CosMultipartClient.builder()
          .region("ap-beijing").bucket(COS_BUCKET).endpoint(stub.baseUrl())
          .credentials(CosCredentials.of(secretId, UUID.randomUUID().toString())).build()) {
        sessions.add(cos.initiate(UploadRequest.builder().key("exampleobject")
            .contentType("video/mp4").build()));
        sessions.add(cos.initiate(CosInitiateRequest.builder().key("docs/季度报告.pdf")
            .contentType("application/pdf").storageClass(CosStorageClass.STANDARD_IA)
            .acl(CosAcl.PRIVATE).metadata("example-field", "example-value")
            .forbidOverwrite(true).build()));
      }
    }
  }

  /** A stand-in for Cognite Data Fusion that answers as its Files API documents. */
  private static void cognite(PrintStream out, List<UploadSession> sessions) throws IOException {
    String token = "demo-token-" + UUID.randomUUID();
    try (LocalHttpStub stub = LocalHttpStub.start(request -> cogniteAnswer(request, token))) {
      out.println("Starting a local stand-in for Cognite Data Fusion at " + stub.baseUrl()
          + " (answers as the Files API documents; checks the bearer token)");
      try (CogniteMultipartClient cdf = CogniteMultipartClient.builder()
          .baseUrl(stub.baseUrl()).project(COGNITE_PROJECT).token(token).build()) {
        sessions.add(cdf.initiate(UploadRequest.builder().key("pump-42-inspection.mp4")
            .contentType("video/mp4").contentLength(180L << 20).build()));
        sessions.add(cdf.initiate(CogniteInitiateRequest.builder().name("p&id-sheet-7.pdf")
            .externalId("pid-sheet-7").directory("/drawings/2026").mimeType("application/pdf")
            .assetIds(4503599627370496L).labels("drawing").parts(2).build()));
      }
    }
  }

  /** A stand-in for Guance's open API; returns how it refused a duplicate sourcemap. */
  private static String rum(PrintStream out, List<UploadSession> sessions) throws IOException {
    String key = "demo-df-key-" + UUID.randomUUID().toString().substring(0, 8);
    java.util.Set<String> existing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (LocalHttpStub stub = LocalHttpStub.start(request -> rumAnswer(request, key, existing))) {
      out.println("Starting a local stand-in for Guance's RUM sourcemap API at " + stub.baseUrl()
          + " (answers in Guance's envelope; checks DF-API-KEY)");
      try (RumSourcemapClient rum = RumSourcemapClient.builder().baseUrl(stub.baseUrl())
          .apiKey(key).appId("app_demo").rateLimit(20, java.time.Duration.ofMinutes(1))
          .build()) {
        sessions.add(rum.initiate(RumInitiateRequest.builder().appId("app_demo")
            .version("1.0.2").env("daily").build()));
        sessions.add(rum.initiate(RumInitiateRequest.builder().appId("app_demo")
            .version("1.0.2").env("daily").needCover(true).build()));
        try {
          rum.initiate(RumInitiateRequest.builder().appId("app_demo").version("1.0.2")
              .env("daily").build());
          throw new IllegalStateException("a duplicate sourcemap was accepted");
        } catch (UploadConflictException e) {
          return UnipartCli.oneLine(e);
        }
      }
    }
  }

  /** A stand-in for the project presigned-URL API (GjirafaTech VP). */
  private static void presigned(PrintStream out, List<UploadSession> sessions) throws IOException {
    String token = "vp-" + UUID.randomUUID();
    try (LocalHttpStub stub = LocalHttpStub.start(request -> presignedAnswer(request, token))) {
      out.println("Starting a local stand-in for the project presigned-URL API at "
          + stub.baseUrl() + " (answers in its envelope; checks the bearer token)");
      try (PresignedMultipartClient vp = PresignedMultipartClient.builder()
          .baseUrl(stub.baseUrl()).projectId(PRESIGNED_PROJECT).bearerToken(token).build()) {
        sessions.add(vp.initiate(PresignedInitiateRequest.builder().fileName("launch-trailer.mp4")
            .mimeType("video/mp4").contentLength(95_000_000L).partSize(32L << 20)
            .presignedUrlExpiryTimeHours(24).build()));
      }
    }
  }

  static LocalHttpStub.Reply presignedAnswer(LocalHttpStub.Request request, String token) {
    if (!("Bearer " + token).equals(request.header("Authorization"))) {
      return LocalHttpStub.Reply.of(401, "application/json", "{\"success\":false,"
          + "\"errors\":[\"Unauthorized\"],\"messages\":[],\"result\":null,"
          + "\"resultInfo\":null,\"statusCode\":401}");
    }
    int parts;
    try {
      parts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.bodyText())
          .path("partsNumber").asInt(0);
    } catch (IOException e) {
      parts = 0;
    }
    if (parts < 1 || !request.rawPath().equals("/api/projects/" + PRESIGNED_PROJECT
        + "/uploads/multipart")) {
      return LocalHttpStub.Reply.of(400, "application/json", "{\"success\":false,"
          + "\"errors\":[\"Bad Request\"],\"messages\":[],\"result\":null,"
          + "\"resultInfo\":null,\"statusCode\":400}");
    }
    String uploadId = UUID.randomUUID().toString();
    StringBuilder urls = new StringBuilder();
    for (int i = 1; i <= parts; i++) {
      urls.append(i == 1 ? "" : ",").append("{\"partNumber\":").append(i)
          .append(",\"presignedUrl\":\"http://127.0.0.1/vp-bucket/").append(uploadId)
          .append("?partNumber=").append(i).append("&X-Amz-Signature=demo\"}");
    }
    return LocalHttpStub.Reply.of(200, "application/json", "{\"success\":true,\"errors\":[],"
        + "\"messages\":[],\"result\":{\"uploadId\":\"" + uploadId + "\",\"requestKey\":\""
        + UUID.randomUUID() + "\",\"presignedUrl\":[" + urls + "]},\"resultInfo\":null,"
        + "\"statusCode\":200}").header("x-request-id", "vp-" + uploadId.substring(0, 8));
  }

  static LocalHttpStub.Reply rumAnswer(LocalHttpStub.Request request, String key,
      java.util.Set<String> existing) {
    String trace = "TRACE-" + UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
    if (!key.equals(request.header("DF-API-KEY"))) {
      return LocalHttpStub.Reply.of(403, "application/json", "{\"code\":403,\"content\":null,"
          + "\"errorCode\":\"ft.InvalidAPIKey\",\"message\":\"Invalid API Key\","
          + "\"success\":false,\"traceId\":\"" + trace + "\"}");
    }
    com.fasterxml.jackson.databind.JsonNode body;
    try {
      body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.bodyText());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.path("appId").isTextual()) {
      return LocalHttpStub.Reply.of(400, "application/json", "{\"code\":400,\"content\":null,"
          + "\"errorCode\":\"ft.ParamError\",\"message\":\"appId is required\","
          + "\"success\":false,\"traceId\":\"" + trace + "\"}");
    }
    String id = body.path("appId").asText() + "|" + body.path("version").asText() + "|"
        + body.path("env").asText();
    boolean exists = !existing.add(id);
    String uploadId = exists && !body.path("needCover").asBoolean(false)
        ? "" : UUID.randomUUID().toString().replace("-", "").substring(0, 24) + "Lfv5UOs";
    return LocalHttpStub.Reply.of(200, "application/json", "{\"code\":200,\"content\":{"
        + "\"existsOldTask\":false,\"existsSameFile\":" + exists + ",\"uploadId\":\""
        + uploadId + "\"},\"errorCode\":\"\",\"message\":\"\",\"success\":true,"
        + "\"traceId\":\"" + trace + "\"}");
  }

  static LocalHttpStub.Reply cogniteAnswer(LocalHttpStub.Request request, String token) {
    String path = "/api/v1/projects/" + COGNITE_PROJECT + "/files/initmultipartupload";
    if (!("Bearer " + token).equals(request.header("Authorization"))) {
      return LocalHttpStub.Reply.of(401, "application/json",
          "{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}");
    }
    String query = request.rawQuery() == null ? "" : request.rawQuery();
    if (!"POST".equals(request.method()) || !path.equals(request.rawPath())
        || !query.matches("parts=\\d+(&overwrite=true)?")) {
      return LocalHttpStub.Reply.of(400, "application/json",
          "{\"error\":{\"code\":400,\"message\":\"Bad request\"}}");
    }
    int parts = Integer.parseInt(query.replaceAll("parts=(\\d+).*", "$1"));
    long id = 4_503_599_627_370_000L + (System.nanoTime() % 1000);
    StringBuilder urls = new StringBuilder();
    for (int i = 1; i <= parts; i++) {
      urls.append(i == 1 ? "" : ",").append("\"http://127.0.0.1/upload/").append(id)
          .append("/part-").append(i).append("?X-Signature=demo\"");
    }
    return LocalHttpStub.Reply.of(201, "application/json",
        "{\"id\":" + id + ",\"uploaded\":false,\"uploadId\":\"" + UUID.randomUUID()
            + "\",\"uploadUrls\":[" + urls + "]}")
        .header("x-request-id", "cdf-" + UUID.randomUUID().toString().substring(0, 8));
  }

  static LocalHttpStub.Reply cosAnswer(LocalHttpStub.Request request, String secretId) {
    String auth = request.header("Authorization");
    boolean signed = auth != null
        && auth.startsWith("q-sign-algorithm=sha1&q-ak=" + secretId + "&q-sign-time=")
        && auth.contains("&q-header-list=") && auth.contains("host")
        && auth.contains("&q-url-param-list=uploads&q-signature=");
    if (!"POST".equals(request.method()) || !"uploads".equals(request.rawQuery()) || !signed) {
      return LocalHttpStub.Reply.of(403, "application/xml",
          "<?xml version='1.0' encoding='utf-8' ?><Error><Code>AccessDenied</Code>"
              + "<Message>Access Denied.</Message><RequestId>demo</RequestId></Error>");
    }
    String key = URLDecoder.decode(request.rawPath().substring(1).replace("+", "%2B"),
        StandardCharsets.UTF_8);
    String uploadId = Long.toString(System.currentTimeMillis() / 1000)
        + UUID.randomUUID().toString().replace("-", "");
    return LocalHttpStub.Reply.of(200, "application/xml",
        "<InitiateMultipartUploadResult><Bucket>" + COS_BUCKET + "</Bucket><Key>" + xml(key)
            + "</Key><UploadId>" + uploadId + "</UploadId></InitiateMultipartUploadResult>")
        .header("x-cos-request-id", "NWU3YjJk" + UUID.randomUUID().toString().substring(0, 12));
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static void printTable(PrintStream out, List<UploadSession> sessions) {
    String[] head = {"#", "dialect", "destination", "key", "upload id", "part URLs",
        "request id"};
    List<String[]> rows = new ArrayList<>();
    int i = 1;
    for (UploadSession s : sessions) {
      rows.add(new String[] {String.valueOf(i++), s.dialect(), s.destination(), s.key(),
          abbreviate(s.uploadId(), 36), s.parts().isEmpty() ? "-" : String.valueOf(s.parts().size()),
          s.requestId().orElse("-")});
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

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
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
