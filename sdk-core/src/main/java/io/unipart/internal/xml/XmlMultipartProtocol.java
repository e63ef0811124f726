package io.unipart.internal.xml;

import io.unipart.InvalidRequestException;
import io.unipart.PartCheck;
import io.unipart.PartContent;
import io.unipart.PendingUpload;
import io.unipart.ServiceException;
import io.unipart.UploadCapabilities;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.internal.PartChecks;
import io.unipart.internal.PercentEncoding;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every call of the S3 family (S3 and COS speak them alike): initiate ({@code POST ?uploads}),
 * part ({@code PUT ?partNumber=&uploadId=}), complete ({@code POST ?uploadId=} with a {@code
 * CompleteMultipartUpload} document; a 200 carrying {@code <Error>} is a failure), abort ({@code
 * DELETE ?uploadId=}), list parts and list uploads over every page.
 *
 * <p>Wired one way: a dialect gives it, once, its endpoint, its executor, its payload policy and
 * the headers its calls carry; the protocol never calls back into the client. Signing stays with
 * the executor's signer, which signs the request the protocol declared.
 *
 * <pre>{@code
 * XmlMultipartProtocol calls = XmlMultipartProtocol.builder("s3", capabilities, endpoint, executor)
 *     .requestIdHeader("x-amz-request-id")
 *     .payloadHashHeader("x-amz-content-sha256")
 *     .customerKeys("x-amz-", EnumSet.of(Call.PART, Call.COMPLETE, Call.LIST, Call.HEAD))
 *     .build();
 * UploadedPart part = calls.uploadPart(session, 1, content);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class XmlMultipartProtocol {
  private static final HexFormat HEX = HexFormat.of();
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(XmlMultipartProtocol.class);

  /** Each page of parts asks for this many, the most S3 and COS return. */
  static final int PAGE = 1000;

  /** Complete may take minutes on a large object (the server sends spaces meanwhile). */
  static final Duration COMPLETE_ATTEMPT = Duration.ofMinutes(15);

  /** The session handle naming an S3 upload's flexible checksum algorithm. */
  public static final String CHECKSUM_ALGORITHM_HANDLE = "checksumAlgorithm";

  /** The session handle that makes complete conditional ({@code overwrite(false)}). */
  static final String FORBID_OVERWRITE_HANDLE = "forbidOverwrite";

  /** An integrity checksum beyond {@code Content-MD5}, for parts and the finished object. */
  public enum IntegrityChecksums {
    /** None. */
    NONE,
    /**
     * S3's flexible checksums, for sessions whose {@link #CHECKSUM_ALGORITHM_HANDLE} names one:
     * each part's sent as a header or an aws-chunked trailer and checked against S3's answer, the
     * parts' listed in complete, the object's checked against complete's answer.
     */
    S3_FLEXIBLE,
    /**
     * COS's CRC-64 ({@code x-cos-hash-crc64ecma}), as Tencent's SDK checks it: each part's
     * against the part's answer, the parts' combined against complete's.
     */
    COS_CRC64
  }

  /** The calls of an upload after it started, which may need the session's SSE-C key. */
  public enum Call {
    /** {@code PUT ?partNumber=&uploadId=}. */
    PART,
    /** {@code POST ?uploadId=}. */
    COMPLETE,
    /** {@code GET ?uploadId=}. */
    LIST,
    /** {@code DELETE ?uploadId=}. */
    ABORT,
    /** {@code HEAD} of the object, after a retried complete met {@code NoSuchUpload}. */
    HEAD
  }

  /** Where a dialect's buckets and objects are. */
  public interface Endpoint {
    /**
     * The URI of an object.
     *
     * @param bucket the bucket
     * @param key the key
     * @param rawQuery the query, already encoded, or null
     * @return the URI
     * @throws InvalidRequestException when the bucket cannot be addressed here
     */
    URI objectUri(String bucket, String key, String rawQuery);

    /**
     * The URI of a bucket, with a query such as {@code uploads}.
     *
     * @param bucket the bucket
     * @param rawQuery the query, already encoded
     * @return the URI
     */
    URI bucketUri(String bucket, String rawQuery);
  }

  /**
   * What a dialect's initiate sends and records beyond the protocol's own.
   *
   * @param bucket the bucket
   * @param key the object key
   * @param headers the request's headers, checked already
   * @param forbidOverwrite whether complete must not replace an object (checked again there)
   * @param partSize the planned part size, if planned
   * @param contentLength the planned length, if known
   * @param handles further session handles
   * @param deadline the call's deadline, if any
   */
  public record Initiate(String bucket, String key, Map<String, String> headers,
      boolean forbidOverwrite, OptionalLong partSize, OptionalLong contentLength,
      Map<String, String> handles, Optional<Duration> deadline) {}

  private final String dialect;
  private final UploadCapabilities capabilities;
  private final Endpoint endpoint;
  private final RequestExecutor executor;
  private final String requestIdHeader;
  private final String payloadHashHeader;
  private final IntegrityCheck integrity;
  private final PartBodies partBodies;
  private final CustomerKeys customerKeys;
  private final Set<Call> customerKeyCalls;
  /**
   * Set once an ETag was not the MD5 of the bytes streamed: parts are then hashed first and sent
   * with Content-MD5, which the server checks. Racing sends may both set it; either way it only
   * turns true.
   */
  private volatile boolean streamedMd5Refuted;
  /**
   * Set once the store refused an aws-chunked body (see {@link ChunkedRefusal}): every part this
   * client sends from then on carries the same guarantee without it. Only turns true.
   */
  private volatile boolean chunkedRefused;
  /** The header that asks for and confirms server-side encryption, or null to take it on trust. */
  private final String encryptionHeader;
  /** Complete, with what stores do wrong around it. */
  private final CompleteCall completes;
  /** Proves SSE-C is honoured before an upload with a customer key starts; null: trusted. */
  private final CustomerKeyProof keyProof;
  /** What is known, or learnt by probes, of which payloads the store checks. */
  private final PartProofs proofs;
  /** The payloads a warning has said the store does not check; each is said once. */
  private final Set<PartPayload> uncheckedWarned = ConcurrentHashMap.newKeySet();

  private XmlMultipartProtocol(Builder b) {
    this.dialect = b.dialect;
    this.capabilities = b.capabilities;
    this.endpoint = b.endpoint;
    this.executor = b.executor;
    this.requestIdHeader = b.requestIdHeader;
    this.payloadHashHeader = b.payloadHashHeader;
    this.integrity = new IntegrityCheck(b.checksums);
    this.partBodies = new PartBodies(b.payloadHashHeader, b.payloads, b.chunked, integrity);
    this.customerKeys = new CustomerKeys(b.customerKeyPrefix);
    this.customerKeyCalls = b.customerKeyCalls;
    this.completes = new CompleteCall(b.dialect, b.executor, integrity, new CompleteCall.Calls() {
      @Override
      public URI uploadUri(UploadSession session) {
        return XmlMultipartProtocol.this.uploadUri(session);
      }

      @Override
      public URI objectUri(UploadSession session) {
        return XmlMultipartProtocol.this.objectUri(session.destination(), session.key(), null);
      }

      @Override
      public void sessionHeaders(HttpRequest.Builder http, UploadSession session, Call call) {
        addSessionHeaders(http, session, call);
      }

      @Override
      public boolean uploadExists(UploadSession session) {
        return XmlMultipartProtocol.this.uploadExists(session);
      }
    }, b.requestIdHeader, b.versionIdHeader, b.payloadHashHeader, b.conditionalComplete,
        b.md5Etags, b.lookBeforeConditionalComplete);
    this.encryptionHeader = b.encryptionHeader;
    this.keyProof = !b.proveCustomerKeys ? null : new CustomerKeyProof(b.dialect, b.executor,
        partBodies, payloadHashHeader != null ? PartPayload.SHA256 : PartPayload.CONTENT_MD5,
        (bucket, key) -> objectUri(bucket, key, null));
    this.proofs = new PartProofs(b.dialect, b.storeChecks, b.executor, partBodies,
        b.requestIdHeader, this::objectUri);
  }

  /**
   * Starts a protocol.
   *
   * @param dialect the dialect id sessions carry
   * @param capabilities the dialect's part rules
   * @param endpoint where buckets and objects are
   * @param executor the client's executor, which signs and sends every call
   * @return a builder
   */
  public static Builder builder(String dialect, UploadCapabilities capabilities,
      Endpoint endpoint, RequestExecutor executor) {
    return new Builder(dialect, capabilities, endpoint, executor);
  }

  /**
   * Remembers an SSE-C customer key given to the client, for sessions started elsewhere.
   *
   * @param headers the key's request headers
   */
  public void learnCustomerKey(Map<String, String> headers) {
    customerKeys.learn(headers);
  }

  /**
   * Starts an upload ({@code POST ?uploads}).
   *
   * @param call what to send and record
   * @return the session, which records an SSE-C key's MD5 (never the key)
   */
  public UploadSession initiate(Initiate call) {
    if (keyProof != null) {
      Map<String, String> keyHeaders = customerKeys.keyHeaders(call.headers());
      if (!keyHeaders.isEmpty()) {
        keyProof.prove(call.bucket(), call.key(), keyHeaders);
      }
    }
    HttpRequest.Builder http = HttpRequest.builder("POST",
        objectUri(call.bucket(), call.key(), "uploads")).operation("initiate");
    call.headers().forEach(http::header);
    java.time.Instant sent = executor.now();
    AtomicReference<String> encryption = new AtomicReference<>();
    RequestExecutor.Counted<InitiateResultXml> counted = executor.executeCounting(http.build(),
        response -> {
          if (encryptionHeader != null) {
            encryption.set(response.header(encryptionHeader));
          }
          return InitiateResultXml.parse(response, call.key(), requestIdHeader);
        }, call.deadline().orElse(null), null);
    InitiateResultXml result = counted.value();
    if (counted.unanswered() > 0 && capabilities.canListUploads()) {
      abortLostInitiates(call.bucket(), call.key(), result.uploadId(), sent);
    }
    refuseUnconfirmedEncryption(call, result.uploadId(), encryption.get());
    UploadSession.Builder session = UploadSession.builder()
        .dialect(dialect)
        .uploadId(result.uploadId())
        .destination(call.bucket())
        .key(call.key())
        .requestId(result.requestId())
        .initiatedAt(executor.now());
    call.partSize().ifPresent(session::partSize);
    call.contentLength().ifPresent(session::contentLength);
    customerKeys.learn(call.headers()).forEach(session::handle);
    if (call.forbidOverwrite()) {
      session.handle(FORBID_OVERWRITE_HANDLE, "true");
    }
    call.handles().forEach(session::handle);
    return session.build();
  }

  /**
   * Server-side encryption by the store's own keys (SSE-S3, SSE-KMS) leaves no trace a client can
   * test: the store's word is all there is, and S3 gives it, naming the encryption in its answer
   * to initiate. A store that answers without it has not taken the request (Ceph RGW 16 without a
   * KMS backend takes the header with a 200 and stores the data in the clear): the upload just
   * started is aborted, before any data is sent, and the caller told.
   */
  private void refuseUnconfirmedEncryption(Initiate call, String uploadId, String echoed) {
    if (encryptionHeader == null) {
      return;
    }
    String asked = null;
    for (Map.Entry<String, String> h : call.headers().entrySet()) {
      if (h.getKey().equalsIgnoreCase(encryptionHeader)) {
        asked = h.getValue();
      }
    }
    if (asked == null || (echoed != null && echoed.trim().equalsIgnoreCase(asked))) {
      return;
    }
    String feature = asked.equalsIgnoreCase("AES256") ? "SSE-S3" : "SSE-KMS";
    try {
      abort(UploadSession.builder().dialect(dialect).uploadId(uploadId)
          .destination(call.bucket()).key(call.key()).initiatedAt(executor.now()).build());
    } catch (RuntimeException e) {
      LOG.warn("{}: could not abort upload {} of \"{}\" after its encryption was not confirmed:"
          + " {}", dialect, uploadId, call.key(), e.toString());
    }
    throw new io.unipart.NotHonouredException(feature, dialect + ": the store did not confirm "
        + feature + " (" + encryptionHeader + ": " + asked + ") in its answer to initiate"
        + (echoed == null ? "" : " (it answered " + echoed + ")") + ", so the data could be"
        + " stored in the clear. The upload it started was aborted and nothing was sent; turn"
        + " on the store's encryption, or upload without asking for it");
  }

  /** How far apart the server's clock and ours may be when matching a lost initiate. */
  static final Duration LOST_INITIATE_WINDOW = Duration.ofSeconds(5);

  /**
   * An initiate sent more than once may have started an upload whose answer was lost: nobody
   * knows its id, nothing would ever complete or abort it, and (S3 and COS have no idempotency
   * token for initiate) the server keeps it. After an initiate with an attempt that got no answer
   * (an error answer says nothing was started), uploads of exactly this key
   * started since the first attempt (within {@link #LOST_INITIATE_WINDOW} of the clocks) other
   * than the one answered are aborted. Best effort: a failure here is logged, never thrown, and
   * the upload goes on.
   */
  private void abortLostInitiates(String bucket, String key, String ours, Instant sent) {
    try {
      Instant from = sent.minus(LOST_INITIATE_WINDOW);
      Instant to = executor.now().plus(LOST_INITIATE_WINDOW);
      for (PendingUpload p : listUploads(bucket, key)) {
        Instant initiated = p.initiated().orElse(null);
        if (p.key().equals(key) && !p.uploadId().equals(ours) && initiated != null
            && !initiated.isBefore(from) && !initiated.isAfter(to)) {
          abort(p.session());
          LOG.info("{}: aborted upload {} of \"{}\", started by an initiate attempt whose"
              + " answer was lost", dialect, p.uploadId(), key);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: could not look for uploads a retried initiate of \"{}\" may have left: {}",
          dialect, key, e.toString());
    }
  }

  /**
   * Sends one part, declared as the payload policy chooses (see {@link PartPayload}); with an
   * integrity checksum, the part's is taken in the same pass and held to the server's.
   *
   * @param session the upload
   * @param partNumber the part number
   * @param content the bytes
   * @return the part with the server's ETag
   */
  public UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content) {
    checkSession(session);
    Objects.requireNonNull(content, "content");
    PartChecks.partNumber(capabilities, "partNumber", partNumber);
    if (content.length() > capabilities.maxPartSize()) {
      throw new InvalidRequestException("content", "a part must be at most "
          + capabilities.maxPartSize() + " bytes (was " + content.length() + ")");
    }
    if (!streamedMd5Refuted) {
      Sent first = sendRefusingChunked(session, partNumber, content, false);
      if (first.md5Held()) {
        return first.part();
      }
      if (!streamedMd5Refuted) {
        streamedMd5Refuted = true;
        LOG.warn("{}: part {} of upload {}: its ETag {} is not the MD5 of the bytes sent"
            + " (SSE-KMS, SSE-C, or a store whose ETags are not MD5s); it is sent again with a"
            + " payload the store checks (Content-MD5 or a signed SHA-256), and so is every part"
            + " this client sends from now on", dialect,
            partNumber, session.uploadId(), first.part().etag().orElse(""));
      }
    }
    return sendRefusingChunked(session, partNumber, content, true).part();
  }

  /**
   * Sends a part; where the store refuses its aws-chunked body, sends it again without, and so
   * does every later part of this client (warned once).
   */
  private Sent sendRefusingChunked(UploadSession session, int partNumber, PartContent content,
      boolean hashFirst) {
    URI uri = partUri(session, partNumber);
    IntegrityCheck.Flexible flexible = integrity.flexibleOf(session);
    boolean md5First = hashFirst || session.handles().containsKey(CustomerKeys.KEY_MD5_HANDLE);
    Plan plan = plan(session, uri, flexible, md5First);
    try {
      return sendPart(session, partNumber, content, uri, flexible, plan);
    } catch (ServiceException e) {
      if (!PartBodies.chunked(plan.payload()) || !ChunkedRefusal.is(e)) {
        throw e;
      }
      refuseChunked("part " + partNumber + " sent aws-chunked (HTTP " + e.httpStatus()
          + (e.errorCode() == null ? "" : ", " + e.errorCode()) + ": " + e.errorMessage() + ")",
          "sent again");
      return sendPart(session, partNumber, content, uri, flexible,
          plan(session, uri, flexible, md5First));
    }
  }

  private void refuseChunked(String what, String again) {
    if (!chunkedRefused) {
      chunkedRefused = true;
      LOG.warn("{}: the store refused {}; it is {} without aws-chunked, and so is every part"
          + " this client sends from now on", dialect, what, again);
    }
  }

  /**
   * How a part is sent and what proves it arrived.
   *
   * @param payload how it is declared
   * @param check what proves it: the store's check of the payload, or the client's of its ETag
   * @param holdEtag whether the ETag must be the MD5 of the bytes sent
   */
  private record Plan(PartPayload payload, PartCheck check, boolean holdEtag) {}

  /**
   * The payload a part is sent with: the policy's choice where the store is known (or proven by
   * a probe, see {@link PartProofs}) to check it; otherwise one whose ETag the client holds to
   * the MD5 of the bytes sent, and where ETags are not MD5s, a payload the store checks, or a
   * refusal: a part is never sent that nothing would prove.
   */
  private Plan plan(UploadSession session, URI uri, IntegrityCheck.Flexible flexible,
      boolean md5First) {
    PartPayload payload = partBodies.choose(uri, flexible, md5First, chunkedRefused);
    if (payload == PartPayload.STREAMED_MD5) {
      return new Plan(payload, PartCheck.ETAG_MD5, true);
    }
    String bucket = session.destination();
    PartProofs.Evidence evidence = proofs.evidence(payload, flexible, bucket, session.key());
    if (evidence == PartProofs.Evidence.REFUSED && PartBodies.chunked(payload)) {
      refuseChunked("a probe part sent aws-chunked", "sent");
      payload = partBodies.choose(uri, flexible, md5First, true);
      if (payload == PartPayload.STREAMED_MD5) {
        return new Plan(payload, PartCheck.ETAG_MD5, true);
      }
      evidence = proofs.evidence(payload, flexible, bucket, session.key());
    }
    if (evidence == PartProofs.Evidence.VERIFIED) {
      return new Plan(payload, checkOf(payload), false);
    }
    if (!md5First) {
      PartPayload instead = flexible == null && payloadHashHeader != null
          ? PartPayload.STREAMED_MD5 : PartPayload.CONTENT_MD5;
      if (uncheckedWarned.add(payload)) {
        LOG.warn("{}: {} parts sent as {}: {}; each part's ETag is held to the MD5 of its bytes"
            + " instead (sent as {}), by this client from now on", dialect,
            evidence == PartProofs.Evidence.NOT_CHECKED ? "the store does not check"
                : "nothing proves the store checks", payload, evidence, instead);
      }
      return new Plan(instead, PartCheck.ETAG_MD5, true);
    }
    // ETags are not MD5s here (SSE-C, SSE-KMS, or a store that makes them otherwise): only a
    // payload the store checks can prove a part.
    List<PartPayload> others = payloadHashHeader == null ? List.of(PartPayload.CONTENT_MD5)
        : List.of(PartPayload.CONTENT_MD5, PartPayload.SHA256);
    for (PartPayload other : others) {
      if (other != payload && proofs.evidence(other, flexible, bucket, session.key())
          == PartProofs.Evidence.VERIFIED) {
        return new Plan(other, checkOf(other), false);
      }
    }
    throw new io.unipart.NotHonouredException("part checks", dialect + ": nothing would prove"
        + " that parts of upload " + session.uploadId() + " arrive intact: the store checks"
        + " none of " + others + " (it takes wrong values with a 200), and its ETags are not the"
        + " MD5s of the parts (SSE-C, SSE-KMS, or a store that makes them otherwise). The part"
        + " is not sent unproven; upload without that encryption, or to another store");
  }

  private static PartCheck checkOf(PartPayload payload) {
    return switch (payload) {
      case CONTENT_MD5 -> PartCheck.CONTENT_MD5;
      case SHA256 -> PartCheck.SIGNED_SHA256;
      case SIGNED_CHUNKS -> PartCheck.CHUNK_SIGNATURES;
      case UNSIGNED_TRAILER -> PartCheck.CHECKSUM_TRAILER;
      case STREAMED_MD5 -> PartCheck.ETAG_MD5;
    };
  }

  /** A sent part, and whether its ETag was held to the MD5 sent with it (or none had to be). */
  private record Sent(UploadedPart part, boolean md5Held) {}

  private Sent sendPart(UploadSession session, int partNumber, PartContent content, URI uri,
      IntegrityCheck.Flexible flexible, Plan plan) {
    long size = content.length();
    HttpRequest.Builder http = HttpRequest.builder("PUT", uri).operation("uploadPart")
        .header("Content-Length", String.valueOf(size))
        .body(content);
    addSessionHeaders(http, session, Call.PART);
    PartBodies.Declared declared = partBodies.declare(http, plan.payload(), content, flexible);
    String serverHeader = integrity.partHeader(flexible);
    String[] server = new String[1];
    UploadedPart part = executor.execute(http.build(), response -> {
      String etag = response.header("ETag");
      if (etag == null || etag.isBlank()) {
        throw new ResponseFormatException("the part was accepted without an ETag header");
      }
      server[0] = serverHeader == null ? null : response.header(serverHeader);
      return UploadedPart.of(partNumber, etag, size);
    }, null, executor.attemptTimeoutFor(size));
    AtomicReference<byte[]> sent = declared.sent();
    if (sent.get() != null) {
      part = part.withChecksum(integrity.checkPart(partNumber, flexible, sent.get(), server[0]));
    }
    if (!plan.holdEtag()) {
      return new Sent(part.withCheck(plan.check()), true);
    }
    byte[] md5 = declared.md5();
    boolean held = md5 != null && etagIsMd5(part.etag().orElse(""), md5);
    return new Sent(part.withCheck(held ? plan.check() : null), held);
  }

  /** Whether an ETag, quotes and case aside, is the hex MD5 of the bytes a send read. */
  static boolean etagIsMd5(String etag, byte[] md5) {
    return etag.replace("\"", "").equalsIgnoreCase(HEX.formatHex(md5));
  }

  /**
   * Completes the upload (see {@link CompleteCall}: a lost answer, a body that cannot be read, an
   * empty ETag, refused part checksums, and a no-overwrite store that ignores the condition).
   *
   * @param session the upload
   * @param parts every part, ascending
   * @return the finished object
   */
  public UploadResult complete(UploadSession session, List<UploadedPart> parts) {
    checkSession(session);
    checkParts(parts);
    return completes.complete(session, parts);
  }

  /**
   * Aborts the upload ({@code DELETE ?uploadId=}, answered 204).
   *
   * @param session the upload
   */
  public void abort(UploadSession session) {
    checkSession(session);
    HttpRequest.Builder http = HttpRequest.builder("DELETE", uploadUri(session)).operation("abort");
    addSessionHeaders(http, session, Call.ABORT);
    executor.execute(http.build(), response -> null, null);
  }

  /**
   * Lists every part the server holds, following {@code NextPartNumberMarker} over all pages.
   *
   * @param session the upload
   * @return the parts, ascending
   */
  public List<UploadedPart> listParts(UploadSession session) {
    checkSession(session);
    List<UploadedPart> all = new ArrayList<>();
    int marker = 0;
    while (true) {
      String query = "max-parts=" + PAGE + (marker > 0 ? "&part-number-marker=" + marker : "")
          + "&uploadId=" + PercentEncoding.encode(session.uploadId());
      int current = marker;
      HttpRequest.Builder http = HttpRequest.builder("GET",
          objectUri(session.destination(), session.key(), query)).operation("listParts");
      addSessionHeaders(http, session, Call.LIST);
      UploadListing.PartsPage page = executor.execute(http.build(),
          response -> UploadListing.readParts(response, current), null);
      all.addAll(page.parts());
      if (!page.truncated()) {
        return all;
      }
      marker = page.next();
    }
  }

  /**
   * Whether the server still has the upload: one listing of at most one part. False only when
   * the server says the upload is not there; any other failure counts as true.
   */
  private boolean uploadExists(UploadSession session) {
    HttpRequest.Builder http = HttpRequest.builder("GET", objectUri(session.destination(),
        session.key(), "max-parts=1&uploadId=" + PercentEncoding.encode(session.uploadId())))
        .operation("listParts");
    addSessionHeaders(http, session, Call.LIST);
    try {
      executor.execute(http.build(), response -> null, null);
      return true;
    } catch (io.unipart.UploadNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      LOG.debug("{}: could not tell whether upload {} is still there: {}", dialect,
          session.uploadId(), e.toString());
      return true;
    }
  }

  /**
   * Lists the uploads in progress under a key prefix ({@code GET /?uploads&prefix=}), following
   * {@code NextKeyMarker} and {@code NextUploadIdMarker} over all pages.
   *
   * @param bucket the bucket
   * @param prefix the key prefix, empty for all
   * @return the uploads, in the server's order
   */
  public List<PendingUpload> listUploads(String bucket, String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    List<PendingUpload> all = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    while (true) {
      StringBuilder query = new StringBuilder("uploads");
      if (keyMarker != null) {
        query.append("&key-marker=").append(PercentEncoding.encode(keyMarker));
      }
      query.append("&max-uploads=").append(PAGE);
      if (!prefix.isEmpty()) {
        query.append("&prefix=").append(PercentEncoding.encode(prefix));
      }
      if (idMarker != null) {
        query.append("&upload-id-marker=").append(PercentEncoding.encode(idMarker));
      }
      String previousKey = keyMarker;
      String previousId = idMarker;
      UploadListing.UploadsPage page = executor.execute(
          HttpRequest.builder("GET", endpoint.bucketUri(bucket, query.toString()))
              .operation("listUploads").build(),
          response -> UploadListing.readUploads(dialect, response, bucket), null);
      all.addAll(page.uploads());
      if (!page.truncated()) {
        return all;
      }
      keyMarker = page.nextKey();
      idMarker = page.nextId();
      if (keyMarker == null || (keyMarker.equals(previousKey)
          && Objects.equals(idMarker, previousId))) {
        throw ServiceException.of(ServiceError.builder(200)
            .kind(ServiceError.Kind.MALFORMED_RESPONSE)
            .message("the upload listing is truncated but its next markers do not move on")
            .build(), 1);
      }
    }
  }

  /**
   * The URI a presigned part goes to, after the checks a presigned part needs: the session is
   * this dialect's, the part number in range, the expiry within the provider's limit, and no
   * SSE-C key (whoever holds the URL would have to send the key too).
   *
   * @param session the upload
   * @param partNumber the part
   * @param expiry how long the URL should last
   * @param maxExpiry the provider's limit
   * @return the unsigned URI, for the dialect's signer to presign
   * @throws InvalidRequestException naming the field and rule broken
   */
  public URI presignablePartUri(UploadSession session, int partNumber, Duration expiry,
      Duration maxExpiry) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(expiry, "expiry");
    checkSession(session);
    PartChecks.partNumber(capabilities, "partNumber", partNumber);
    if (expiry.getSeconds() < 1 || expiry.compareTo(maxExpiry) > 0) {
      throw new InvalidRequestException("expiry", "must be 1 second.." + maxExpiry.toDays()
          + " days (was " + expiry + ")");
    }
    CustomerKeys.checkPresignable(session);
    return partUri(session, partNumber);
  }

  /**
   * Checks parts for complete: see {@link PartChecks#forComplete}.
   *
   * @param parts the parts
   * @throws InvalidRequestException naming the rule broken
   */
  public void checkParts(List<UploadedPart> parts) {
    PartChecks.forComplete(dialect, capabilities, parts, true, -1);
  }

  /**
   * An object's URI. The one place dot segments are checked: a key with a {@code .} or {@code ..}
   * segment is refused, before any call, when the transport would resolve it away.
   */
  private URI objectUri(String bucket, String key, String rawQuery) {
    if (!executor.transport().preservesDotSegments() && hasDotSegment(key)) {
      throw new InvalidRequestException("key", "has a '.' or '..' path segment, which OkHttp"
          + " (the default transport) would resolve; use JdkHttpTransport for such keys");
    }
    return endpoint.objectUri(bucket, key, rawQuery);
  }

  /**
   * Whether a key has a {@code .} or {@code ..} path segment.
   *
   * @param key the key
   * @return true when it does
   */
  public static boolean hasDotSegment(String key) {
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  private URI partUri(UploadSession session, int partNumber) {
    return objectUri(session.destination(), session.key(), "partNumber=" + partNumber
        + "&uploadId=" + PercentEncoding.encode(session.uploadId()));
  }

  private URI uploadUri(UploadSession session) {
    return objectUri(session.destination(), session.key(),
        "uploadId=" + PercentEncoding.encode(session.uploadId()));
  }

  private void addSessionHeaders(HttpRequest.Builder http, UploadSession session, Call call) {
    if (customerKeyCalls.contains(call)) {
      customerKeys.headersFor(session).forEach(http::header);
    }
  }

  private void checkSession(UploadSession session) {
    PartChecks.session(dialect, session);
  }

  /** Builds an {@link XmlMultipartProtocol}. Not thread-safe. */
  public static final class Builder {
    private final String dialect;
    private final UploadCapabilities capabilities;
    private final Endpoint endpoint;
    private final RequestExecutor executor;
    private String requestIdHeader = "x-amz-request-id";
    private String versionIdHeader = "x-amz-version-id";
    private String payloadHashHeader;
    private PartPayload.Policy payloads = (uri, flexible) -> PartPayload.CONTENT_MD5;
    private PartPayload.ChunkedBodies chunked;
    private IntegrityChecksums checksums = IntegrityChecksums.NONE;
    private String customerKeyPrefix = "x-amz-";
    private Set<Call> customerKeyCalls = EnumSet.of(Call.PART);
    private Map<String, String> conditionalComplete = Map.of();
    private boolean proveCustomerKeys;
    private boolean lookBeforeConditionalComplete;
    private String encryptionHeader;
    private boolean md5Etags;
    private StoreChecks storeChecks = StoreChecks.documented();

    private Builder(String dialect, UploadCapabilities capabilities, Endpoint endpoint,
        RequestExecutor executor) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * The header carrying the provider's request id.
     *
     * @param name e.g. {@code x-cos-request-id}; default {@code x-amz-request-id}
     */
    public Builder requestIdHeader(String name) {
      this.requestIdHeader = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The header carrying the new object's version id.
     *
     * @param name e.g. {@code x-cos-version-id}; default {@code x-amz-version-id}
     */
    public Builder versionIdHeader(String name) {
      this.versionIdHeader = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The header that declares a body's payload hash (S3's {@code x-amz-content-sha256}). Without
     * one, every part carries {@code Content-MD5}.
     *
     * @param name the header
     */
    public Builder payloadHashHeader(String name) {
      this.payloadHashHeader = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * How each part's payload is chosen, and the aws-chunked bodies the choices may need.
     *
     * @param policy the choice per part
     * @param chunkedBodies the dialect's aws-chunked bodies, or null when it has none
     */
    public Builder payloads(PartPayload.Policy policy, PartPayload.ChunkedBodies chunkedBodies) {
      this.payloads = Objects.requireNonNull(policy, "policy");
      this.chunked = chunkedBodies;
      return this;
    }

    /**
     * Guards parts and the object with an integrity checksum; {@link IntegrityChecksums#NONE} by
     * default.
     *
     * @param checksums the kind
     */
    public Builder integrityChecksums(IntegrityChecksums checksums) {
      this.checksums = Objects.requireNonNull(checksums, "checksums");
      return this;
    }

    /**
     * SSE-C: the customer-key headers' prefix and the calls after initiate that carry the key.
     * Every part carries it whatever the set says; which other calls do is the provider's rule.
     *
     * @param headerPrefix {@code x-amz-} or {@code x-cos-}
     * @param calls the calls that send the key
     */
    public Builder customerKeys(String headerPrefix, Set<Call> calls) {
      this.customerKeyPrefix = Objects.requireNonNull(headerPrefix, "headerPrefix");
      EnumSet<Call> set = EnumSet.of(Call.PART);
      set.addAll(calls);
      this.customerKeyCalls = set;
      return this;
    }

    /**
     * The header complete sends for a session started with {@code overwrite(false)}, so that the
     * object is not replaced if the key was taken meanwhile.
     *
     * @param header e.g. {@code If-None-Match}
     * @param value e.g. {@code *}
     */
    public Builder conditionalComplete(String header, String value) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put(Objects.requireNonNull(header, "header"), Objects.requireNonNull(value, "value"));
      this.conditionalComplete = Map.copyOf(h);
      return this;
    }

    /**
     * Says that a part's ETag is its MD5 and an object's the MD5 of its parts' (S3's rule), so
     * that a complete answered {@code NoSuchUpload} at its first attempt can still prove the
     * object it looks up is made of exactly these parts.
     *
     * @param md5Etags whether the rule holds
     */
    public Builder md5Etags(boolean md5Etags) {
      this.md5Etags = md5Etags;
      return this;
    }

    /**
     * Requires the store to confirm in its answer to initiate the server-side encryption asked
     * for with this header (S3: {@code x-amz-server-side-encryption}, which AWS echoes); an
     * initiate it does not confirm is aborted and refused.
     *
     * @param header the request and response header
     */
    public Builder encryptionConfirmedBy(String header) {
      this.encryptionHeader = header;
      return this;
    }

    /**
     * Makes a complete that must not overwrite look the object up first, for stores that may
     * ignore the condition header; off where the provider's documentation says it checks it.
     *
     * @param look whether to look first
     */
    public Builder lookBeforeConditionalComplete(boolean look) {
      this.lookBeforeConditionalComplete = look;
      return this;
    }

    /**
     * Proves, once per bucket, that the store honours SSE-C before the first upload with a
     * customer key starts (see {@link CustomerKeyProof}); off where the provider's documentation
     * is the evidence (AWS S3, Tencent COS).
     *
     * @param prove whether to prove it
     */
    public Builder proveCustomerKeys(boolean prove) {
      this.proveCustomerKeys = prove;
      return this;
    }

    /**
     * Where the evidence comes from that the store checks each part payload; {@link
     * StoreChecks#documented()} by default. A payload not known to be checked is not trusted: the
     * part's ETag is held to its MD5 instead (see {@link PartCheck#ETAG_MD5}).
     *
     * @param checks the evidence
     */
    public Builder storeChecks(StoreChecks checks) {
      this.storeChecks = Objects.requireNonNull(checks, "checks");
      return this;
    }

    /**
     * Builds the protocol.
     *
     * @return the protocol
     */
    public XmlMultipartProtocol build() {
      return new XmlMultipartProtocol(this);
    }
  }
}
