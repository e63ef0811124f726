package io.unipart.examples.demo;

import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.PartStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Part URLs that are real presigned URLs of an S3 server (the demo's S3Proxy), for the Cognite
 * and presigned fakes: the bytes of those uploads land on a server that checks each URL's
 * signature, as they would on the providers' own storage.
 */
public final class S3PartStore implements PartStore {
  static final Duration URL_EXPIRY = Duration.ofMinutes(15);

  private final S3MultipartClient s3;
  private final String prefix;
  private final Map<String, UploadSession> uploads = new ConcurrentHashMap<>();
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();

  /**
   * A store writing under {@code prefix} in the client's bucket.
   *
   * @param s3 the S3 client that presigns, completes and aborts
   * @param prefix prepended to each file name, e.g. {@code cognite/}
   */
  public S3PartStore(S3MultipartClient s3, String prefix) {
    this.s3 = s3;
    this.prefix = prefix;
  }

  @Override
  public String start(String key, int parts) {
    UploadSession backing = s3.initiate(UploadRequest.builder().key(prefix + key).build());
    uploads.put(backing.uploadId(), backing);
    counts.put(backing.uploadId(), parts);
    return backing.uploadId();
  }

  @Override
  public List<String> urls(String handle, int parts) {
    UploadSession backing = uploads.get(handle);
    List<String> urls = new ArrayList<>();
    for (int n = 1; n <= parts; n++) {
      urls.add(s3.presignPart(backing, n, URL_EXPIRY).toString());
    }
    return urls;
  }

  @Override
  public void complete(String handle, Map<Integer, String> etags) {
    UploadSession backing = uploads.get(handle);
    List<UploadedPart> parts = new ArrayList<>();
    if (etags == null) {
      parts.addAll(s3.listParts(backing));
      if (parts.size() != counts.get(handle)) {
        throw new IllegalStateException(parts.size() + " of " + counts.get(handle)
            + " parts were uploaded");
      }
    } else {
      etags.forEach((n, etag) -> parts.add(UploadedPart.of(n, etag, -1)));
    }
    s3.complete(backing, parts);
    uploads.remove(handle);
    counts.remove(handle);
  }

  @Override
  public void abort(String handle) {
    UploadSession backing = uploads.remove(handle);
    counts.remove(handle);
    if (backing != null) {
      s3.abort(backing);
    }
  }

  @Override
  public String toString() {
    return "S3PartStore{" + prefix + ", " + uploads.size() + " open}";
  }
}
