package io.unipart.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testkit.LocalHttpStub.Request;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cognite Data Fusion Files' multipart lifecycle, as its API documents it: {@code
 * initmultipartupload?parts=N} (201, the file with one upload URL per part), {@code
 * multiuploadlink} (fresh URLs), {@code completemultipartupload} and {@code delete}, each with
 * the bearer token. Parts go to the {@link PartStore}'s URLs.
 */
final class CogniteFake extends PartUrlFake {
  private final Map<String, Long> uploads = new ConcurrentHashMap<>();
  private final Map<Long, String> files = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(4_503_599_627_370_496L);

  /** Part URLs from {@code store}, or, when null, served by this fake at {@code baseUrl}. */
  CogniteFake(String project, String token, PartStore store,
      java.util.function.Supplier<String> baseUrl) {
    super(project, token, store, baseUrl);
  }

  @Override
  String dialect() {
    return "cognite";
  }

  @Override
  Reply throttled() {
    return json(429, "{\"error\":{\"code\":429,\"message\":\"Too many requests\"}}")
        .header("x-request-id", requestId());
  }

  @Override
  java.util.List<String> openKeys() {
    return uploads.values().stream().map(files::get).toList();
  }

  @Override
  Reply api(Request request) {
    if (!("Bearer " + token).equals(request.header("Authorization"))) {
      return json(401, "{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}");
    }
    String base = "/api/v1/projects/" + project + "/files/";
    String path = request.rawPath();
    if (!"POST".equals(request.method()) || !path.startsWith(base)) {
      return json(404, "{\"error\":{\"code\":404,\"message\":\"Not found\"}}");
    }
    JsonNode body = body(request);
    switch (path.substring(base.length())) {
      case "initmultipartupload": {
        int parts = parts(request);
        if (parts < 1 || parts > 250 || !body.path("name").isTextual()) {
          return json(400, "{\"error\":{\"code\":400,\"message\":\"parts must be 1 to 250 and"
              + " name is required\"}}");
        }
        long id = ids.getAndIncrement();
        String name = body.path("name").asText();
        files.put(id, name);
        String handle = store.start(name, parts);
        uploads.put(handle, id);
        ObjectNode file = JSON.createObjectNode().put("id", id).put("name", name)
            .put("uploaded", false).put("uploadId", handle);
        if (body.hasNonNull("externalId")) {
          file.put("externalId", body.get("externalId").asText());
        }
        ArrayNode urls = file.putArray("uploadUrls");
        store.urls(handle, parts).forEach(urls::add);
        return json(201, file.toString()).header("x-request-id", requestId());
      }
      case "multiuploadlink": {
        int parts = parts(request);
        long id = body.path("items").path(0).path("id").asLong();
        String handle = uploads.entrySet().stream().filter(e -> e.getValue() == id)
            .map(Map.Entry::getKey).findFirst().orElse(null);
        if (handle == null) {
          return json(400, "{\"error\":{\"code\":400,\"message\":\"No upload in progress for"
              + " file " + id + "\"}}");
        }
        ObjectNode item = JSON.createObjectNode().put("id", id).put("uploadId", handle);
        ArrayNode urls = item.putArray("uploadUrls");
        store.urls(handle, parts).forEach(urls::add);
        ObjectNode root = JSON.createObjectNode();
        root.putArray("items").add(item);
        return json(200, root.toString()).header("x-request-id", requestId());
      }
      case "completemultipartupload": {
        String handle = body.path("uploadId").asText();
        if (!uploads.containsKey(handle)) {
          return json(400, "{\"error\":{\"code\":400,\"message\":\"Unknown uploadId\"}}");
        }
        try {
          store.complete(handle, null);
        } catch (IllegalStateException e) {
          return json(400, "{\"error\":{\"code\":400,\"message\":\"Not all parts were uploaded: "
              + e.getMessage() + "\"}}");
        }
        uploads.remove(handle);
        return json(200, "{}").header("x-request-id", requestId());
      }
      case "delete": {
        for (JsonNode item : body.path("items")) {
          long id = item.path("id").asLong();
          uploads.entrySet().removeIf(e -> {
            if (e.getValue() == id) {
              store.abort(e.getKey());
              return true;
            }
            return false;
          });
          files.remove(id);
        }
        return json(200, "{}").header("x-request-id", requestId());
      }
      default:
        return json(404, "{\"error\":{\"code\":404,\"message\":\"Not found\"}}");
    }
  }

  private static int parts(Request request) {
    try {
      return Integer.parseInt(query(request, "parts"));
    } catch (NumberFormatException | NullPointerException e) {
      return 0;
    }
  }

  private static String requestId() {
    return "cdf-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
