package io.unipart.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testkit.LocalHttpStub.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project presigned-upload API (GjirafaTech VP's Upload API), as documented: {@code POST
 * uploads/multipart} (one presigned URL per part), {@code multipart-resume} (fresh URLs), {@code
 * PUT multipart-complete} with each part's ETag, {@code PUT multipart-abort}; every answer in its
 * {@code success/errors/messages/result/resultInfo/statusCode} envelope; complete, abort and
 * resume keyed on {@code requestKey}.
 */
final class PresignedFake extends PartUrlFake {
  private final Map<String, Integer> uploads = new ConcurrentHashMap<>();
  private final Map<String, String> names = new ConcurrentHashMap<>();

  /** Part URLs from {@code store}, or, when null, served by this fake at {@code baseUrl}. */
  PresignedFake(String project, String token, PartStore store,
      java.util.function.Supplier<String> baseUrl) {
    super(project, token, store, baseUrl);
  }

  @Override
  String dialect() {
    return "presigned";
  }

  @Override
  /**
   * The answer the presigned client treats as throttling: 429. The API's documentation names no
   * throttling answer (its only listed 5xx is 503 "Backend Fetch Failed", a gateway error that
   * the client retries as an error, not as throttling); 429 is HTTP's own, and what a gateway in
   * front of it sends when it limits a client.
   */
  Reply throttled() {
    return envelope(429, "null", "[\"Too Many Requests\"]");
  }

  @Override
  List<String> openKeys() {
    return uploads.keySet().stream().map(names::get).toList();
  }

  @Override
  Reply api(Request request) {
    if (!("Bearer " + token).equals(request.header("Authorization"))) {
      return envelope(401, "null", "[\"Unauthorized\"]");
    }
    String base = "/api/projects/" + project + "/uploads/";
    if (!request.rawPath().startsWith(base)) {
      return envelope(404, "null", "[\"Result Not Found\"]");
    }
    JsonNode body = body(request);
    String requestKey = body.path("requestKey").asText();
    switch (request.method() + " " + request.rawPath().substring(base.length())) {
      case "POST multipart": {
        int parts = body.path("partsNumber").asInt(0);
        int hours = body.path("presignedUrlExpiryTimeHours").asInt(12);
        if (parts < 1 || !body.path("fileName").isTextual() || hours < 1 || hours > 168) {
          return envelope(400, "null", "[\"Bad Request\"]");
        }
        String handle = store.start(body.get("fileName").asText(), parts);
        uploads.put(handle, parts);
        names.put(handle, body.get("fileName").asText());
        return issued(handle, parts);
      }
      case "POST multipart-resume": {
        Integer parts = uploads.get(requestKey);
        return parts == null ? envelope(404, "null", "[\"Result Not Found\"]")
            : issued(requestKey, parts);
      }
      case "PUT multipart-complete": {
        if (!uploads.containsKey(requestKey)) {
          return envelope(404, "null", "[\"Result Not Found\"]");
        }
        Map<Integer, String> etags = new LinkedHashMap<>();
        body.path("parts").forEach(p -> etags.put(p.path("partNumber").asInt(),
            p.path("eTag").asText()));
        try {
          store.complete(requestKey, etags);
        } catch (IllegalStateException e) {
          return envelope(400, "null", "[\"" + e.getMessage() + "\"]");
        }
        uploads.remove(requestKey);
        names.remove(requestKey);
        return envelope(200, "true", "[]");
      }
      case "PUT multipart-abort": {
        names.remove(requestKey);
        if (uploads.remove(requestKey) != null) {
          store.abort(requestKey);
        }
        return envelope(200, "true", "[]");
      }
      default:
        return envelope(404, "null", "[\"Result Not Found\"]");
    }
  }

  private Reply issued(String handle, int parts) {
    ObjectNode result = JSON.createObjectNode().put("uploadId", handle).put("requestKey", handle)
        .put("uploadFileDetailsId", 1);
    ArrayNode urls = result.putArray("presignedUrl");
    List<String> issued = store.urls(handle, parts);
    for (int n = 1; n <= parts; n++) {
      urls.addObject().put("partNumber", n).put("presignedUrl", issued.get(n - 1));
    }
    return envelope(200, result.toString(), "[]")
        .header("x-request-id", "vp-" + handle.substring(0, Math.min(8, handle.length())));
  }

  private static Reply envelope(int status, String result, String errors) {
    return json(status, "{\"success\":" + (status < 300) + ",\"errors\":" + errors
        + ",\"messages\":[],\"result\":" + result + ",\"resultInfo\":null,\"statusCode\":"
        + status + "}");
  }
}
