package io.unipart.testkit;

import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testkit.LocalHttpStub.Request;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * S3 on S3Proxy, a real S3 server that checks every SigV4 signature, behind a front that records
 * each request and applies the fault switches. The front forwards a request as it came, {@code
 * Host} included, so the signature S3Proxy checks is the one the client made.
 */
final class S3Front extends Fake {
  private static final Set<String> HOP = Set.of("connection", "content-length",
      "transfer-encoding", "keep-alive", "expect", "upgrade", "te", "trailer");
  private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");

  private final S3ProxyServer s3;
  private final String bucket;
  private final OkHttpClient http = new OkHttpClient.Builder()
      .connectTimeout(10, TimeUnit.SECONDS).readTimeout(120, TimeUnit.SECONDS)
      .writeTimeout(120, TimeUnit.SECONDS).retryOnConnectionFailure(false)
      .followRedirects(false).build();
  private final Map<String, String> open = new ConcurrentHashMap<>();
  private final Map<String, Set<Integer>> held = new ConcurrentHashMap<>();

  S3Front(S3ProxyServer s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  String dialect() {
    return "s3";
  }

  @Override
  int partNumber(Request request) {
    return s3PartNumber(request);
  }

  @Override
  Reply throttled() {
    return s3Throttled(requestId());
  }

  @Override
  Reply partFailure(int status) {
    return s3PartFailure(status, requestId());
  }

  @Override
  java.util.List<String> openKeys() {
    return java.util.List.copyOf(open.values());
  }

  @Override
  int heldParts() {
    return open.keySet().stream().mapToInt(id -> held.getOrDefault(id, Set.of()).size()).sum();
  }

  @Override
  Reply handle(Request request) {
    okhttp3.Request.Builder forward = new okhttp3.Request.Builder()
        .url(s3.endpoint() + request.rawPath()
            + (request.rawQuery() == null ? "" : "?" + request.rawQuery()));
    request.headers().forEach((name, value) -> {
      if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
        forward.header(name, value);
      }
    });
    String type = request.header("Content-Type");
    boolean hasBody = !request.method().equals("GET") && !request.method().equals("HEAD")
        && !request.method().equals("DELETE");
    forward.method(request.method(), hasBody ? RequestBody.create(request.body(),
        type == null ? null : MediaType.parse(type)) : null);
    try (Response response = http.newCall(forward.build()).execute()) {
      byte[] body = response.body() == null ? new byte[0] : response.body().bytes();
      Reply reply = Reply.of(response.code(), response.header("Content-Type",
          "application/xml"), body);
      response.headers().forEach(h -> {
        if (!HOP.contains(h.getFirst().toLowerCase(Locale.ROOT))
            && !h.getFirst().equalsIgnoreCase("Content-Type")) {
          reply.header(h.getFirst(), h.getSecond());
        }
      });
      observe(request, response.code(), new String(body, StandardCharsets.UTF_8));
      return reply;
    } catch (IOException e) {
      return xmlError(502, "BadGateway", "the fake's S3Proxy did not answer: " + e.getMessage(),
          requestId());
    }
  }

  /** Keeps count of open uploads and of what landed, from the calls that succeeded. */
  private void observe(Request request, int status, String answer) {
    if (status / 100 != 2) {
      return;
    }
    String uploadId = query(request, "uploadId");
    String key = key(request);
    if (request.method().equals("POST") && "uploads".equals(request.rawQuery())) {
      Matcher m = UPLOAD_ID.matcher(answer);
      if (m.find()) {
        open.put(m.group(1), key);
      }
    } else if (request.method().equals("POST") && uploadId != null
        && answer.contains("CompleteMultipartUploadResult")) {
      open.remove(uploadId);
      held.remove(uploadId);
      int parts = count(request.bodyText(), "<PartNumber>");
      Path file = s3.objectFile(bucket, key);
      try {
        landed.put(key, new Landed(key, Files.readAllBytes(file), parts));
      } catch (IOException e) {
        // S3Proxy said it completed; landed(key) then reports nothing, which a test will see
      }
    } else if (request.method().equals("DELETE") && uploadId != null) {
      open.remove(uploadId);
      held.remove(uploadId);
    } else if (request.method().equals("PUT") && uploadId != null && partNumber(request) > 0) {
      held.computeIfAbsent(uploadId, id -> ConcurrentHashMap.newKeySet()).add(
          partNumber(request));
    }
  }

  /** The key, from a path-style or virtual-hosted request. */
  private String key(Request request) {
    String path = request.rawPath();
    String host = request.header("Host");
    String raw = host != null && host.startsWith(bucket + ".") ? path.substring(1)
        : path.startsWith("/" + bucket + "/") ? path.substring(bucket.length() + 2) : "";
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static String requestId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(
        Locale.ROOT);
  }
}
