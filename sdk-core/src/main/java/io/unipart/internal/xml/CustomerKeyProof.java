package io.unipart.internal.xml;

import io.unipart.NotHonouredException;
import io.unipart.PartContent;
import io.unipart.ServiceException;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves, before an SSE-C upload sends its data, that the store really encrypts with the
 * customer's key: some S3-compatible stores take the SSE-C headers with a 200 and store the bytes
 * in the clear (OpenStack Swift's s3api ignores them; Adobe S3Mock even echoes the key back). An
 * echo proves nothing; what proves it is the store refusing to serve the object without the key.
 * So, once per client and bucket: a small probe object is written with the key beside the upload's
 * key, read (HEAD) without it, which must be refused (400 or 403, as S3 and Ceph answer), and
 * deleted. Otherwise the upload is refused with {@link NotHonouredException} before it starts.
 * Thread-safe; racing first uploads may both probe.
 */
final class CustomerKeyProof {
  private static final Logger LOG = LoggerFactory.getLogger(XmlMultipartProtocol.class);
  private static final byte[] BODY =
      "unipart checks that this store encrypts with SSE-C keys\n".getBytes(StandardCharsets.UTF_8);

  private final String dialect;
  private final RequestExecutor executor;
  private final PartBodies bodies;
  private final PartPayload payload;
  private final BiFunction<String, String, URI> objectUri;
  private final Set<String> proven = ConcurrentHashMap.newKeySet();

  /**
   * @param payload how the probe's body is declared ({@link PartPayload#SHA256} where the dialect
   *     signs a payload hash, else {@link PartPayload#CONTENT_MD5})
   * @param objectUri an object's URI from its bucket and key
   */
  CustomerKeyProof(String dialect, RequestExecutor executor, PartBodies bodies,
      PartPayload payload, BiFunction<String, String, URI> objectUri) {
    this.dialect = dialect;
    this.executor = executor;
    this.bodies = bodies;
    this.payload = payload;
    this.objectUri = objectUri;
  }

  /**
   * Proves the bucket's store honours SSE-C, once per bucket.
   *
   * @param bucket the bucket
   * @param key the upload's key: the probe goes beside it, where the caller may write
   * @param keyHeaders the customer-key headers
   * @throws NotHonouredException when the probe reads without the key
   * @throws ServiceException when the store refuses the probe itself (it refuses SSE-C, or the
   *     credentials may not write there)
   */
  void prove(String bucket, String key, Map<String, String> keyHeaders) {
    if (proven.contains(bucket)) {
      return;
    }
    int slash = key.lastIndexOf('/');
    String probe = (slash < 0 ? "" : key.substring(0, slash + 1)) + ".unipart-sse-c-probe-"
        + UUID.randomUUID();
    URI uri = objectUri.apply(bucket, probe);
    PartContent body = PartContent.ofBytes(BODY);
    HttpRequest.Builder put = HttpRequest.builder("PUT", uri).operation("putObject")
        .header("Content-Length", String.valueOf(BODY.length)).body(body);
    keyHeaders.forEach(put::header);
    bodies.declare(put, payload, body, null);
    executor.execute(put.build(), response -> response, null);
    int status;
    try {
      executor.execute(HttpRequest.builder("HEAD", uri).operation("headObject").build(),
          response -> response, null);
      status = 200;
    } catch (ServiceException e) {
      status = e.httpStatus();
    } finally {
      delete(uri, probe);
    }
    if (status != 400 && status != 403) {
      throw new NotHonouredException("SSE-C", dialect + ": the store at " + uri.getHost()
          + " does not honour SSE-C customer keys: an object written with the key "
          + (status < 300 ? "reads without it" : "answered " + status + " without it, not a"
          + " refusal") + ", so the data would be stored in the clear. Nothing was sent; use"
          + " the store's own encryption, or another store");
    }
    proven.add(bucket);
    LOG.debug("{}: bucket {} refuses an SSE-C object without its key ({})", dialect, bucket,
        status);
  }

  private void delete(URI uri, String probe) {
    try {
      executor.execute(HttpRequest.builder("DELETE", uri).operation("deleteObject").build(),
          response -> response, null);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not delete the SSE-C probe object {}: {}", dialect, probe,
          e.toString());
    }
  }
}
