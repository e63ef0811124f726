package io.unipart.testkit;

import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testkit.LocalHttpStub.Request;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The default {@link PartStore}: part URLs served by the fake itself under {@code /_parts/}, the
 * bytes kept in memory. A PUT answers as a presigned S3 URL does: 200 with the part's MD5 as
 * ETag; 403 {@code AccessDenied} once the URL expired (see {@link Faults#expirePartUrls()}); 404
 * {@code NoSuchUpload} once the object was completed or aborted.
 */
final class MemoryPartStore implements PartStore {
  static final String PREFIX = "/_parts/";

  private final Supplier<String> baseUrl;
  private final Faults faults;
  private final Map<String, Landed> landed;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<String, Issued> tokens = new ConcurrentHashMap<>();

  private record Upload(String key, Map<Integer, byte[]> parts, Map<Integer, String> etags) {}

  private record Issued(String handle, int epoch) {}

  MemoryPartStore(Supplier<String> baseUrl, Faults faults, Map<String, Landed> landed) {
    this.baseUrl = baseUrl;
    this.faults = faults;
    this.landed = landed;
  }

  @Override
  public String start(String key, int parts) {
    String handle = UUID.randomUUID().toString();
    uploads.put(handle, new Upload(key, new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
    return handle;
  }

  @Override
  public List<String> urls(String handle, int parts) {
    String token = UUID.randomUUID().toString().replace("-", "");
    tokens.put(token, new Issued(handle, faults.urlEpoch()));
    List<String> urls = new ArrayList<>();
    for (int n = 1; n <= parts; n++) {
      urls.add(baseUrl.get() + PREFIX + token + "/" + n + "?X-Fake-Expires=900");
    }
    return urls;
  }

  @Override
  public void complete(String handle, Map<Integer, String> etags) {
    Upload u = uploads.get(handle);
    if (u == null) {
      throw new IllegalStateException("no such upload");
    }
    int count = etags == null ? u.parts().size() : etags.size();
    List<byte[]> parts = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      byte[] part = u.parts().get(n);
      if (part == null) {
        throw new IllegalStateException("part " + n + " was not uploaded");
      }
      if (etags != null && !u.etags().get(n).equals(etags.get(n))) {
        throw new IllegalStateException("part " + n + " has ETag " + u.etags().get(n) + ", not "
            + etags.get(n));
      }
      parts.add(part);
    }
    uploads.remove(handle);
    landed.put(u.key(), new Landed(u.key(), Fake.join(parts), count));
  }

  @Override
  public void abort(String handle) {
    uploads.remove(handle);
  }

  /** The parts held by objects neither completed nor aborted. */
  int held() {
    return uploads.values().stream().mapToInt(u -> u.parts().size()).sum();
  }

  /** The part this request sends to one of the store's URLs, or 0. */
  static int partNumber(Request request) {
    if (!request.method().equals("PUT") || !request.rawPath().startsWith(PREFIX)) {
      return 0;
    }
    String rest = request.rawPath().substring(PREFIX.length());
    try {
      return Integer.parseInt(rest.substring(rest.indexOf('/') + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A PUT to a part URL. */
  Reply serve(Request request) {
    String rest = request.rawPath().substring(PREFIX.length());
    int slash = rest.indexOf('/');
    Issued issued = slash < 0 ? null : tokens.get(rest.substring(0, slash));
    int n = partNumber(request);
    if (issued == null || n < 1) {
      return Fake.xmlError(403, "SignatureDoesNotMatch", "The request signature we calculated"
          + " does not match the signature you provided.", "fake");
    }
    if (faults.expired(issued.epoch())) {
      return Fake.xmlError(403, "AccessDenied", "Request has expired", "fake");
    }
    Upload u = uploads.get(issued.handle());
    if (u == null) {
      return Fake.xmlError(404, "NoSuchUpload", "The specified upload does not exist.", "fake");
    }
    byte[] body = request.body();
    String etag = "\"" + HexFormat.of().formatHex(Fake.md5(body)) + "\"";
    u.parts().put(n, body);
    u.etags().put(n, etag);
    return Reply.of(200, "application/xml", "").header("ETag", etag);
  }
}
