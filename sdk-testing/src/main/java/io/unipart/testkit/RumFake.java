package io.unipart.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testkit.LocalHttpStub.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guance's RUM sourcemap upload, as its OpenAPI documents it: {@code multipart_upload_init}
 * (refused as a same file, with an empty upload id, when the app, version and env already have a
 * sourcemap and {@code needCover} is false), {@code upload_part} (multipart/form-data: {@code
 * uploadId}, 0-based {@code chunkIndex}, {@code files}), {@code part_list}, {@code part_merge}
 * and {@code upload_cancel}, each answered in the {@code code/content/errorCode/message/success/
 * traceId} envelope, with the {@code DF-API-KEY} header checked.
 */
final class RumFake extends Fake {
  private static final Pattern CHUNK_INDEX =
      Pattern.compile("name=\"chunkIndex\"\r\n\r\n(\\d+)\r\n");
  private static final Pattern UPLOAD_ID =
      Pattern.compile("name=\"uploadId\"\r\n\r\n([^\r]+)\r\n");

  private final String apiKey;
  private final Set<String> existing = ConcurrentHashMap.newKeySet();
  private final Map<String, Map<Integer, byte[]>> chunks = new ConcurrentHashMap<>();
  private final Map<String, String> sourcemaps = new ConcurrentHashMap<>();

  RumFake(String apiKey) {
    this.apiKey = apiKey;
  }

  @Override
  String dialect() {
    return "rum";
  }

  /** Part {@code n} is chunk {@code n - 1}. */
  @Override
  int partNumber(Request request) {
    if (!request.rawPath().endsWith("/upload_part")) {
      return 0;
    }
    Matcher m = CHUNK_INDEX.matcher(new String(request.body(), StandardCharsets.ISO_8859_1));
    return m.find() ? Integer.parseInt(m.group(1)) + 1 : 0;
  }

  /** Guance throttles with HTTP 401 and a rate-limit error code, as its error list says. */
  @Override
  Reply throttled() {
    return fail(401, "ft.TriggerApiAkCurrentLimiting", "API key rate limit exceeded", trace());
  }

  @Override
  Reply partFailure(int status) {
    return fail(status, "ft.InternalError", "internal error", trace());
  }

  @Override
  List<String> openKeys() {
    return chunks.keySet().stream().map(sourcemaps::get).toList();
  }

  @Override
  int heldParts() {
    return chunks.values().stream().mapToInt(Map::size).sum();
  }

  @Override
  Reply handle(Request request) {
    String trace = trace();
    if (!apiKey.equals(request.header("DF-API-KEY"))) {
      return fail(403, "ft.InvalidAPIKey", "Invalid API Key", trace);
    }
    String endpoint = request.rawPath().replaceFirst("^/api/v1/rum_sourcemap/", "");
    if (endpoint.equals("upload_part")) {
      String text = new String(request.body(), StandardCharsets.ISO_8859_1);
      Matcher index = CHUNK_INDEX.matcher(text);
      Matcher id = UPLOAD_ID.matcher(text);
      if (!index.find() || !id.find() || !chunks.containsKey(id.group(1))
          || !text.contains("name=\"files\"")) {
        return fail(400, "ft.ParamError", "uploadId, chunkIndex and files are required", trace);
      }
      chunks.get(id.group(1)).put(Integer.parseInt(index.group(1)), filePart(request, text));
      return ok("{\"chunkIndex\":\"" + index.group(1) + "\",\"uploadId\":\"" + id.group(1)
          + "\"}", trace);
    }
    JsonNode body = body(request);
    String uploadId = body.path("uploadId").asText();
    switch (endpoint) {
      case "multipart_upload_init": {
        if (!body.path("appId").isTextual()) {
          return fail(400, "ft.ParamError", "appId is required", trace);
        }
        String sourcemap = body.path("appId").asText() + "|" + body.path("version").asText()
            + "|" + body.path("env").asText();
        boolean exists = !existing.add(sourcemap);
        String id = exists && !body.path("needCover").asBoolean(false)
            ? "" : UUID.randomUUID().toString().replace("-", "").substring(0, 24) + "Lfv5UOs";
        if (!id.isEmpty()) {
          chunks.put(id, new ConcurrentHashMap<>());
          sourcemaps.put(id, sourcemap);
        }
        return ok("{\"existsOldTask\":false,\"existsSameFile\":" + exists + ",\"uploadId\":\""
            + id + "\"}", trace);
      }
      case "part_list":
        return chunks.containsKey(uploadId)
            ? ok("{\"chunkIndexs\":" + new TreeSet<>(chunks.get(uploadId).keySet())
                + ",\"uploadId\":\"" + uploadId + "\"}", trace)
            : fail(400, "ft.ParamError", "unknown uploadId", trace);
      case "part_merge": {
        Map<Integer, byte[]> held = chunks.get(uploadId);
        if (held == null) {
          return fail(400, "ft.ParamError", "unknown uploadId", trace);
        }
        List<byte[]> parts = new ArrayList<>();
        for (JsonNode n : body.path("chunkIndexs")) {
          byte[] chunk = held.get(n.asInt());
          if (chunk == null) {
            return fail(400, "ft.ParamError", "chunk " + n.asInt() + " was not uploaded", trace);
          }
          parts.add(chunk);
        }
        chunks.remove(uploadId);
        String sourcemap = sourcemaps.remove(uploadId);
        landed.put(sourcemap, new Landed(sourcemap, join(parts), parts.size()));
        return ok("{}", trace);
      }
      case "upload_cancel":
        chunks.remove(uploadId);
        sourcemaps.remove(uploadId);
        return ok("true", trace);
      default:
        return fail(404, "ft.NotFound", "not found", trace);
    }
  }

  /** The bytes of the {@code files} field of a multipart/form-data chunk. */
  private static byte[] filePart(Request request, String text) {
    String type = request.header("Content-Type");
    String boundary = type.substring(type.indexOf("boundary=") + 9);
    int field = text.indexOf("name=\"files\"");
    int start = text.indexOf("\r\n\r\n", field) + 4;
    int end = text.lastIndexOf("\r\n--" + boundary + "--");
    return Arrays.copyOfRange(request.body(), start, end);
  }

  private static String trace() {
    return "TRACE-" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
  }

  private static Reply ok(String content, String trace) {
    return json(200, "{\"code\":200,\"content\":" + content + ",\"errorCode\":\"\","
        + "\"message\":\"\",\"success\":true,\"traceId\":\"" + trace + "\"}");
  }

  private static Reply fail(int status, String code, String message, String trace) {
    return json(status, "{\"code\":" + status + ",\"content\":null,\"errorCode\":\"" + code
        + "\",\"message\":\"" + message + "\",\"success\":false,\"traceId\":\"" + trace + "\"}");
  }
}
