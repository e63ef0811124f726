package io.unipart.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipart.PartTarget;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testing.LocalHttpStub;
import io.unipart.testing.LocalHttpStub.Reply;
import io.unipart.testing.LocalHttpStub.Request;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for the providers the demo has no account with. Each answers as its provider
 * documents, for the whole lifecycle, and checks the credential the client must send. The Cognite
 * and presigned stand-ins hand out <b>real presigned part URLs of the embedded S3 server</b>, so
 * the bytes of those uploads land on a real server; the COS stand-in checks every part's {@code
 * Content-MD5} against its bytes; the RUM stand-in reads the form-data chunks.
 */
public final class StandIns {
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final Duration URL_EXPIRY = Duration.ofMinutes(15);

  private StandIns() {}

  public static Reply json(int status, String body) {
    return Reply.of(status, "application/json", body);
  }

  public static JsonNode body(Request request) {
    try {
      JsonNode node = JSON.readTree(request.bodyText());
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  public static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  public static String query(Request request, String name) {
    String q = request.rawQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      String n = eq < 0 ? pair : pair.substring(0, eq);
      if (n.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Starts a backing upload on the real S3 server and presigns one PUT URL per part. */
  public static UploadSession backedUpload(S3MultipartClient s3, String key, int parts) {
    UploadSession backing = s3.initiate(UploadRequest.builder().key(key).build());
    return withUrls(s3, backing, parts);
  }

  public static UploadSession withUrls(S3MultipartClient s3, UploadSession backing, int parts) {
    UploadSession.Builder b = backing.toBuilder().parts(List.of());
    for (int n = 1; n <= parts; n++) {
      b.addPart(PartTarget.of(n, s3.presignPart(backing, n, URL_EXPIRY)));
    }
    return b.build();
  }

  /** Tencent COS: initiate, parts (Content-MD5 checked), complete (consecutive), abort. */
  public static final class Cos implements Function<Request, Reply> {
    public final String bucket;
    public final String secretId;
    public final Map<String, Map<Integer, String>> uploads = new ConcurrentHashMap<>();
    /** Each open upload's key and start, for List Multipart Uploads. */
    public final Map<String, String[]> started = new ConcurrentHashMap<>();
    /** Each part's size, for List Parts. */
    public final Map<String, Map<Integer, Integer>> sizes = new ConcurrentHashMap<>();
    /** Each completed object's size and ETag, for HEAD. */
    public final Map<String, String[]> objects = new ConcurrentHashMap<>();

    public Cos(String bucket, String secretId) {
      this.bucket = bucket;
      this.secretId = secretId;
    }

    @Override
    public Reply apply(Request request) {
      String auth = request.header("Authorization");
      boolean signed = auth != null
          && auth.startsWith("q-sign-algorithm=sha1&q-ak=" + secretId + "&q-sign-time=")
          && auth.contains("&q-header-list=") && auth.contains("host")
          && auth.contains("&q-signature=");
      if (!signed) {
        return error(403, "AccessDenied", "Access Denied.");
      }
      String key = URLDecoder.decode(request.rawPath().substring(1).replace("+", "%2B"),
          StandardCharsets.UTF_8);
      String uploadId = query(request, "uploadId");
      switch (request.method()) {
        case "GET":
          if (request.rawQuery() != null && request.rawQuery().startsWith("uploads")) {
            return listUploads(query(request, "prefix"));
          }
          if (uploadId != null) {
            return listParts(uploadId);
          }
          return error(405, "MethodNotAllowed", "The specified method is not allowed.");
        case "HEAD": {
          String[] object = objects.get(key);
          return object == null ? Reply.of(404, "application/xml", "")
              : Reply.of(200, "application/octet-stream", "").header("ETag", object[1])
                  .header("x-cos-meta-size", object[0]);
        }
        case "POST":
          if ("uploads".equals(request.rawQuery())) {
            String id = System.currentTimeMillis() / 1000 + UUID.randomUUID().toString()
                .replace("-", "");
            uploads.put(id, new ConcurrentHashMap<>());
            started.put(id, new String[] {key, java.time.Instant.now().toString()});
            return xmlReply("<InitiateMultipartUploadResult><Bucket>" + bucket + "</Bucket><Key>"
                + xml(key) + "</Key><UploadId>" + id + "</UploadId>"
                + "</InitiateMultipartUploadResult>");
          }
          return complete(key, uploadId, request);
        case "PUT":
          return part(uploadId, query(request, "partNumber"), request);
        case "DELETE":
          started.remove(uploadId == null ? "" : uploadId);
          return uploads.remove(uploadId) == null
              ? error(404, "NoSuchUpload", "The specified upload does not exist.")
              : Reply.of(204, "application/xml", "");
        default:
          return error(405, "MethodNotAllowed", "The specified method is not allowed.");
      }
    }

    private Reply part(String uploadId, String partNumber, Request request) {
      Map<Integer, String> parts = uploadId == null ? null : uploads.get(uploadId);
      if (parts == null) {
        return error(404, "NoSuchUpload", "The specified upload does not exist.");
      }
      byte[] body = request.body();
      byte[] md5 = md5(body);
      String declared = request.header("Content-MD5");
      if (declared != null && !declared.equals(Base64.getEncoder().encodeToString(md5))) {
        return error(400, "InvalidDigest", "The Content-MD5 you specified is not valid.");
      }
      String etag = "\"" + HexFormat.of().formatHex(md5) + "\"";
      parts.put(Integer.parseInt(partNumber), etag);
      sizes.computeIfAbsent(uploadId, id -> new ConcurrentHashMap<>())
          .put(Integer.parseInt(partNumber), body.length);
      return xmlReply("").header("ETag", etag);
    }

    /** COS's List Parts, one page. */
    private Reply listParts(String uploadId) {
      Map<Integer, String> parts = uploads.get(uploadId);
      if (parts == null) {
        return error(404, "NoSuchUpload", "The specified upload does not exist.");
      }
      StringBuilder xml = new StringBuilder("<ListPartsResult><Bucket>" + bucket + "</Bucket>"
          + "<UploadId>" + uploadId + "</UploadId><IsTruncated>false</IsTruncated>");
      new java.util.TreeMap<>(parts).forEach((n, etag) -> xml.append("<Part><PartNumber>")
          .append(n).append("</PartNumber><ETag>").append(xml(etag)).append("</ETag><Size>")
          .append(sizes.getOrDefault(uploadId, Map.of()).getOrDefault(n, 0))
          .append("</Size></Part>"));
      return xmlReply(xml.append("</ListPartsResult>").toString());
    }

    /** COS's List Multipart Uploads, one page (the stand-in never holds 1,000). */
    private Reply listUploads(String prefix) {
      StringBuilder xml = new StringBuilder("<ListMultipartUploadsResult><Bucket>" + bucket
          + "</Bucket><IsTruncated>false</IsTruncated>");
      started.forEach((id, keyAndTime) -> {
        if (prefix == null || keyAndTime[0].startsWith(prefix)) {
          xml.append("<Upload><Key>").append(xml(keyAndTime[0])).append("</Key><UploadId>")
              .append(id).append("</UploadId><Initiated>").append(keyAndTime[1])
              .append("</Initiated></Upload>");
        }
      });
      return xmlReply(xml.append("</ListMultipartUploadsResult>").toString());
    }

    private Reply complete(String key, String uploadId, Request request) {
      started.remove(uploadId == null ? "" : uploadId);
      Map<Integer, String> parts = uploadId == null ? null : uploads.remove(uploadId);
      if (parts == null) {
        return error(404, "NoSuchUpload", "The specified upload does not exist.");
      }
      Matcher m = Pattern.compile("<PartNumber>(\\d+)</PartNumber><ETag>([^<]*)</ETag>")
          .matcher(request.bodyText());
      int expected = 1;
      StringBuilder etags = new StringBuilder();
      while (m.find()) {
        int n = Integer.parseInt(m.group(1));
        String etag = m.group(2).replace("&quot;", "\"");
        if (n != expected++ || !etag.equals(parts.get(n))) {
          return error(400, "InvalidPart", "One or more of the specified parts could not be"
              + " found, or the part numbers are not consecutive.");
        }
        etags.append(etag);
      }
      String etag = "\"" + HexFormat.of().formatHex(md5(etags.toString().getBytes(
          StandardCharsets.UTF_8))) + "-" + (expected - 1) + "\"";
      long size = 0;
      for (int n = 1; n < expected; n++) {
        size += sizes.getOrDefault(uploadId, Map.of()).getOrDefault(n, 0);
      }
      sizes.remove(uploadId);
      objects.put(key, new String[] {String.valueOf(size), etag});
      return xmlReply("<CompleteMultipartUploadResult><Location>" + bucket
          + ".cos.ap-beijing.myqcloud.com/" + xml(key) + "</Location><Bucket>" + bucket
          + "</Bucket><Key>" + xml(key) + "</Key><ETag>" + xml(etag) + "</ETag>"
          + "</CompleteMultipartUploadResult>");
    }

    private static Reply xmlReply(String body) {
      return Reply.of(200, "application/xml", body)
          .header("x-cos-request-id", "NWU3YjJk" + UUID.randomUUID().toString().substring(0, 12));
    }

    private static Reply error(int status, String code, String message) {
      return Reply.of(status, "application/xml", "<?xml version='1.0' encoding='utf-8' ?><Error>"
          + "<Code>" + code + "</Code><Message>" + message + "</Message><RequestId>demo"
          + "</RequestId><TraceId>demo-trace</TraceId></Error>");
    }
  }

  /** Cognite Files: init, complete, multiuploadlink, delete; parts go to the real S3 server. */
  public static final class Cognite implements Function<Request, Reply> {
    public final String project;
    public final String token;
    public final S3MultipartClient s3;
    public final Map<String, UploadSession> uploads = new ConcurrentHashMap<>();
    public final Map<Long, String> files = new ConcurrentHashMap<>();
    public final AtomicLong ids = new AtomicLong(4_503_599_627_370_496L);

    public Cognite(String project, String token, S3MultipartClient s3) {
      this.project = project;
      this.token = token;
      this.s3 = s3;
    }

    @Override
    public Reply apply(Request request) {
      if (!("Bearer " + token).equals(request.header("Authorization"))) {
        return json(401, "{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}");
      }
      String base = "/api/v1/projects/" + project + "/files/";
      String path = request.rawPath();
      if (!"POST".equals(request.method()) || !path.startsWith(base)) {
        return json(404, "{\"error\":{\"code\":404,\"message\":\"Not found\"}}");
      }
      JsonNode body = body(request);
      String requestId = "cdf-" + UUID.randomUUID().toString().substring(0, 8);
      switch (path.substring(base.length())) {
        case "initmultipartupload": {
          int parts = Integer.parseInt(query(request, "parts"));
          long id = ids.getAndIncrement();
          String name = body.path("name").asText();
          files.put(id, name);
          UploadSession backing = backedUpload(s3, "cognite/" + name, parts);
          uploads.put(backing.uploadId(), backing);
          ObjectNode file = JSON.createObjectNode().put("id", id).put("name", name)
              .put("uploaded", false).put("uploadId", backing.uploadId());
          if (body.hasNonNull("externalId")) {
            file.put("externalId", body.get("externalId").asText());
          }
          ArrayNode urls = file.putArray("uploadUrls");
          backing.parts().forEach(p -> urls.add(p.url().toString()));
          return json(201, file.toString()).header("x-request-id", requestId);
        }
        case "completemultipartupload": {
          UploadSession backing = uploads.remove(body.path("uploadId").asText());
          if (backing == null) {
            return json(400, "{\"error\":{\"code\":400,\"message\":\"Unknown uploadId\"}}");
          }
          List<UploadedPart> sent = s3.listParts(backing);
          if (sent.size() != backing.parts().size()) {
            return json(400, "{\"error\":{\"code\":400,\"message\":\"Not all parts were"
                + " uploaded\"}}");
          }
          s3.complete(backing, sent);
          return json(200, "{}").header("x-request-id", requestId);
        }
        case "multiuploadlink": {
          int parts = Integer.parseInt(query(request, "parts"));
          long id = body.path("items").path(0).path("id").asLong();
          UploadSession backing = backedUpload(s3, "cognite/" + files.get(id), parts);
          uploads.put(backing.uploadId(), backing);
          ObjectNode item = JSON.createObjectNode().put("id", id)
              .put("uploadId", backing.uploadId());
          ArrayNode urls = item.putArray("uploadUrls");
          backing.parts().forEach(p -> urls.add(p.url().toString()));
          ObjectNode root = JSON.createObjectNode();
          root.putArray("items").add(item);
          return json(200, root.toString()).header("x-request-id", requestId);
        }
        case "delete":
          return json(200, "{}").header("x-request-id", requestId);
        default:
          return json(404, "{\"error\":{\"code\":404,\"message\":\"Not found\"}}");
      }
    }
  }

  /** The presigned-URL API (GjirafaTech VP); parts go to the real S3 server. */
  public static final class Presigned implements Function<Request, Reply> {
    public final String project;
    public final String token;
    public final S3MultipartClient s3;
    public final Map<String, UploadSession> uploads = new ConcurrentHashMap<>();

    public Presigned(String project, String token, S3MultipartClient s3) {
      this.project = project;
      this.token = token;
      this.s3 = s3;
    }

    @Override
    public Reply apply(Request request) {
      if (!("Bearer " + token).equals(request.header("Authorization"))) {
        return envelope(401, "null", "[\"Unauthorized\"]");
      }
      String base = "/api/projects/" + project + "/uploads/";
      if (!request.rawPath().startsWith(base)) {
        return envelope(404, "null", "[\"Result Not Found\"]");
      }
      JsonNode body = body(request);
      switch (request.method() + " " + request.rawPath().substring(base.length())) {
        case "POST multipart": {
          int parts = body.path("partsNumber").asInt(0);
          if (parts < 1 || !body.path("fileName").isTextual()) {
            return envelope(400, "null", "[\"Bad Request\"]");
          }
          UploadSession backing = backedUpload(s3, "presigned/" + body.get("fileName").asText(),
              parts);
          uploads.put(backing.uploadId(), backing);
          return issued(backing);
        }
        case "POST multipart-resume": {
          UploadSession backing = uploads.get(body.path("requestKey").asText());
          if (backing == null) {
            return envelope(404, "null", "[\"Result Not Found\"]");
          }
          backing = withUrls(s3, backing, backing.parts().size());
          uploads.put(backing.uploadId(), backing);
          return issued(backing);
        }
        case "PUT multipart-complete": {
          UploadSession backing = uploads.remove(body.path("requestKey").asText());
          if (backing == null) {
            return envelope(404, "null", "[\"Result Not Found\"]");
          }
          List<UploadedPart> parts = new ArrayList<>();
          body.path("parts").forEach(p -> parts.add(UploadedPart.of(p.path("partNumber").asInt(),
              p.path("eTag").asText(), -1)));
          s3.complete(backing, parts);
          return envelope(200, "true", "[]");
        }
        case "PUT multipart-abort": {
          UploadSession backing = uploads.remove(body.path("requestKey").asText());
          if (backing != null) {
            s3.abort(backing);
          }
          return envelope(200, "true", "[]");
        }
        default:
          return envelope(404, "null", "[\"Result Not Found\"]");
      }
    }

    private static Reply issued(UploadSession backing) {
      ObjectNode result = JSON.createObjectNode().put("uploadId", backing.uploadId())
          .put("requestKey", backing.uploadId());
      ArrayNode urls = result.putArray("presignedUrl");
      backing.parts().forEach(p -> urls.addObject().put("partNumber", p.partNumber())
          .put("presignedUrl", p.url().toString()));
      return envelope(200, result.toString(), "[]")
          .header("x-request-id", "vp-" + backing.uploadId().substring(0, 8));
    }

    private static Reply envelope(int status, String result, String errors) {
      return json(status, "{\"success\":" + (status < 300) + ",\"errors\":" + errors
          + ",\"messages\":[],\"result\":" + result + ",\"resultInfo\":null,\"statusCode\":"
          + status + "}");
    }
  }

  /** Guance's RUM sourcemap API: init, form-data chunks, part_list, part_merge, cancel. */
  public static final class Rum implements Function<Request, Reply> {
    public static final Pattern CHUNK_INDEX =
        Pattern.compile("name=\"chunkIndex\"\r\n\r\n(\\d+)\r\n");
    public static final Pattern UPLOAD_ID = Pattern.compile("name=\"uploadId\"\r\n\r\n([^\r]+)\r\n");

    public final String key;
    public final Set<String> existing = ConcurrentHashMap.newKeySet();
    public final Map<String, Set<Integer>> chunks = new ConcurrentHashMap<>();
    /** Each upload's chunk bytes, and the sourcemap it is for. */
    public final Map<String, Map<Integer, byte[]>> bytes = new ConcurrentHashMap<>();
    public final Map<String, String> sourcemaps = new ConcurrentHashMap<>();
    /** The MD5 (hex) of each merged sourcemap's bytes, by {@code appId|version|env}. */
    public final Map<String, String> merged = new ConcurrentHashMap<>();

    public Rum(String key) {
      this.key = key;
    }

    @Override
    public Reply apply(Request request) {
      String trace = "TRACE-" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
      if (!key.equals(request.header("DF-API-KEY"))) {
        return json(403, "{\"code\":403,\"content\":null,\"errorCode\":\"ft.InvalidAPIKey\","
            + "\"message\":\"Invalid API Key\",\"success\":false,\"traceId\":\"" + trace + "\"}");
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
        chunks.get(id.group(1)).add(Integer.parseInt(index.group(1)));
        bytes.computeIfAbsent(id.group(1), u -> new ConcurrentHashMap<>())
            .put(Integer.parseInt(index.group(1)), filePart(request, text));
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
            chunks.put(id, ConcurrentHashMap.newKeySet());
            sourcemaps.put(id, sourcemap);
          }
          return ok("{\"existsOldTask\":false,\"existsSameFile\":" + exists + ",\"uploadId\":\""
              + id + "\"}", trace);
        }
        case "part_list":
          return chunks.containsKey(uploadId)
              ? ok("{\"chunkIndexs\":" + chunks.get(uploadId) + ",\"uploadId\":\"" + uploadId
                  + "\"}", trace)
              : fail(400, "ft.ParamError", "unknown uploadId", trace);
        case "part_merge": {
          if (chunks.remove(uploadId) == null) {
            return fail(400, "ft.ParamError", "unknown uploadId", trace);
          }
          java.security.MessageDigest md5 = md5Digest();
          Map<Integer, byte[]> held = bytes.remove(uploadId);
          for (JsonNode n : body.path("chunkIndexs")) {
            byte[] chunk = held == null ? null : held.get(n.asInt());
            if (chunk == null) {
              return fail(400, "ft.ParamError", "chunk " + n.asInt() + " was not uploaded", trace);
            }
            md5.update(chunk);
          }
          merged.put(sourcemaps.remove(uploadId), HexFormat.of().formatHex(md5.digest()));
          return ok("{}", trace);
        }
        case "upload_cancel":
          chunks.remove(uploadId);
          bytes.remove(uploadId);
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
      return java.util.Arrays.copyOfRange(request.body(), start, end);
    }

    private static java.security.MessageDigest md5Digest() {
      try {
        return java.security.MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Reply ok(String content, String trace) {
      return json(200, "{\"code\":200,\"content\":" + content + ",\"errorCode\":\"\","
          + "\"message\":\"\",\"success\":true,\"traceId\":\"" + trace + "\"}");
    }

    private static Reply fail(int status, String code, String message, String trace) {
      return json(status, "{\"code\":" + status + ",\"content\":null,\"errorCode\":\"" + code
          + "\",\"message\":\"" + message + "\",\"success\":false,\"traceId\":\"" + trace
          + "\"}");
    }
  }

  public static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a stand-in. */
  public static LocalHttpStub start(Function<Request, Reply> handler) throws IOException {
    return LocalHttpStub.start(handler);
  }
}
