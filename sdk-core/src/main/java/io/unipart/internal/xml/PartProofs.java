package io.unipart.internal.xml;

import io.unipart.PartContent;
import io.unipart.ServiceException;
import io.unipart.internal.PercentEncoding;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client knows of whether its store checks each part payload: from {@link StoreChecks}
 * evidence, or, for an unknown store, learnt once per client and payload by a probe before the
 * first part that would use it. Some S3-compatible stores take a wrong {@code Content-MD5}, signed
 * SHA-256, chunk signature or checksum trailer with a 200 (Adobe S3Mock 5.2 checks none of them;
 * see docs/COMPATIBILITY.md), so an answer alone proves nothing.
 *
 * <p>The probe: a multipart upload of a small key beside the upload's own (where the caller may
 * write), one part sent with a wrong value in that payload (only the payload's own value: a
 * flexible checksum beside it is right), then, if the store refused it, the same part sent right,
 * which it must take (else the store refuses the payload itself, whatever its refusal of the wrong
 * one said); the probe upload is aborted whatever happens. Four calls, once per client and
 * payload. Thread-safe: the first parts of a client wait for one probe.
 */
final class PartProofs {
  private static final Logger LOG = LoggerFactory.getLogger(XmlMultipartProtocol.class);
  private static final byte[] BODY = ("unipart checks that this store refuses a part whose bytes"
      + " differ from what its request declares\n").getBytes(StandardCharsets.UTF_8);
  private static final byte[] OTHER = BODY.clone();

  static {
    OTHER[0] = 'U';
  }

  /** What is known of one payload. */
  enum Evidence {
    /** The store refuses a wrong value and takes the right one. */
    VERIFIED,
    /** The store takes a wrong value: the payload's check is not made. */
    NOT_CHECKED,
    /** The store refuses the payload even with the right value. */
    REFUSED,
    /** The probe could not be made (the store refused the probe upload itself, or did not answer). */
    UNPROVEN
  }

  private record Mode(PartPayload payload, IntegrityCheck.Flexible flexible) {}

  private final String dialect;
  private final StoreChecks checks;
  private final RequestExecutor executor;
  private final PartBodies bodies;
  private final String requestIdHeader;
  private final ObjectUris uris;
  private final Map<Mode, Evidence> learnt = new ConcurrentHashMap<>();
  private final Object probing = new Object();

  PartProofs(String dialect, StoreChecks checks, RequestExecutor executor, PartBodies bodies,
      String requestIdHeader, ObjectUris uris) {
    this.dialect = dialect;
    this.checks = checks;
    this.executor = executor;
    this.bodies = bodies;
    this.requestIdHeader = requestIdHeader;
    this.uris = uris;
  }

  /** An object's URI from its bucket, key and raw query (null for none). */
  @FunctionalInterface
  interface ObjectUris {
    URI of(String bucket, String key, String rawQuery);
  }

  /**
   * What is known of a payload, probing it first where the store is unknown.
   *
   * @param payload the payload; never {@link PartPayload#STREAMED_MD5}, which the client checks
   * @param flexible the flexible checksum it carries, or null
   * @param bucket where the probe may go
   * @param besideKey the upload's key: the probe goes beside it
   * @return the evidence
   */
  Evidence evidence(PartPayload payload, IntegrityCheck.Flexible flexible, String bucket,
      String besideKey) {
    if (!checks.probe()) {
      return checks.verifies(payload) ? Evidence.VERIFIED : Evidence.NOT_CHECKED;
    }
    Mode mode = new Mode(payload, flexible);
    Evidence known = learnt.get(mode);
    if (known != null) {
      return known;
    }
    synchronized (probing) {
      known = learnt.get(mode);
      if (known == null) {
        known = probe(mode, bucket, besideKey);
        learnt.put(mode, known);
        LOG.info("{}: the store {} parts sent as {}{}", dialect, switch (known) {
          case VERIFIED -> "checks";
          case NOT_CHECKED -> "does not check (it took a wrong value with a 200)";
          case REFUSED -> "refuses (even with right values)";
          default -> "could not be probed for";
        }, payload, flexible == null ? "" : " with " + flexible);
      }
      return known;
    }
  }

  private Evidence probe(Mode mode, String bucket, String besideKey) {
    int slash = besideKey.lastIndexOf('/');
    String key = (slash < 0 ? "" : besideKey.substring(0, slash + 1))
        + ".unipart-part-check-probe-" + UUID.randomUUID();
    String uploadId;
    try {
      uploadId = executor.execute(HttpRequest.builder("POST", uris.of(bucket, key, "uploads"))
          .operation("probeInitiate").build(),
          response -> InitiateResultXml.parse(response, key, requestIdHeader).uploadId(), null);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not start a probe of whether the store checks parts sent as {} ({});"
          + " each part's ETag is held to its MD5 instead", dialect, mode.payload(), e.toString());
      return Evidence.UNPROVEN;
    }
    String query = "uploadId=" + PercentEncoding.encode(uploadId);
    URI part = uris.of(bucket, key, "partNumber=1&" + query);
    try {
      try {
        send(part, mode, true);
        return Evidence.NOT_CHECKED;
      } catch (ServiceException wrong) {
        // Whatever the refusal says (a wrong chunk signature draws the same 400
        // XAmzContentSHA256Mismatch from Ceph as an aws-chunked body it does not take), only the
        // right value, sent next, tells a check from a refusal of the payload itself.
        LOG.debug("{}: the store refused a wrong {} ({})", dialect, mode.payload(),
            wrong.toString());
      }
      try {
        send(part, mode, false);
        return Evidence.VERIFIED;
      } catch (ServiceException right) {
        LOG.debug("{}: the store refused a right {} too ({})", dialect, mode.payload(),
            right.toString());
        return Evidence.REFUSED;
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: the probe of whether the store checks parts sent as {} failed ({}); each"
          + " part's ETag is held to its MD5 instead", dialect, mode.payload(), e.toString());
      return Evidence.UNPROVEN;
    } finally {
      try {
        executor.execute(HttpRequest.builder("DELETE", uris.of(bucket, key, query))
            .operation("probeAbort").build(), response -> null, null);
      } catch (RuntimeException e) {
        LOG.warn("{}: could not abort the probe upload {} of \"{}\": {}", dialect, uploadId,
            key, e.toString());
      }
    }
  }

  private void send(URI uri, Mode mode, boolean wrong) {
    PartContent body = PartContent.ofBytes(BODY);
    HttpRequest.Builder http = HttpRequest.builder("PUT", uri).operation("probePart")
        .header("Content-Length", String.valueOf(BODY.length)).body(body);
    if (wrong) {
      bodies.declareWrong(http, mode.payload(), body, PartContent.ofBytes(OTHER),
          mode.flexible());
    } else {
      bodies.declare(http, mode.payload(), body, mode.flexible());
    }
    executor.execute(http.build(), response -> null, null);
  }
}
