package io.unipart.internal.xml;

import io.unipart.internal.PartChecks;
import io.unipart.internal.PercentEncoding;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import io.unipart.InvalidRequestException;
import io.unipart.PartContent;
import io.unipart.ServiceException;
import io.unipart.UploadCapabilities;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.internal.Digests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part, complete, abort and list-parts calls of the S3 family (S3 and COS speak them alike):
 * {@code PUT ?partNumber=&uploadId=} with {@code Content-MD5}, {@code POST ?uploadId=} with a
 * {@code CompleteMultipartUpload} document (a 200 carrying {@code <Error>} is a failure), {@code
 * DELETE ?uploadId=}, and {@code GET ?uploadId=} over every page. A dialect supplies how object
 * URIs are built and how a part's payload is declared; signing stays with its {@link Signer}.
 *
 * <pre>{@code
 * XmlMultipartProtocol calls = XmlMultipartProtocol.builder("s3", capabilities, endpoint::objectUri)
 *     .requestIdHeader("x-amz-request-id")
 *     .payloadHashHeader("x-amz-content-sha256")
 *     .build();
 * UploadedPart part = calls.uploadPart(executor, session, 1, content);
 * }</pre>
 *
 * <p>Thread-safe and stateless.
 */
public final class XmlMultipartProtocol {
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  /** Each page of parts asks for this many, the most S3 and COS return. */
  static final int PAGE = 1000;

  /** Complete may take minutes on a large object (the server sends spaces meanwhile). */
  static final Duration COMPLETE_ATTEMPT = Duration.ofMinutes(15);

  /** How a part's bytes are declared and guarded, for a dialect that signs payload hashes. */
  public enum PayloadMode {
    /** {@code Content-MD5} (and {@code UNSIGNED-PAYLOAD} as the payload hash): one hash pass. */
    CONTENT_MD5,
    /** The streaming marker as the payload hash: the signer signs the body chunk by chunk. */
    STREAMING,
    /** The body's SHA-256 as the payload hash, signed: one hash pass. */
    SHA256
  }

  /** The session handle naming an S3 upload's flexible checksum algorithm. */
  public static final String CHECKSUM_ALGORITHM_HANDLE = "checksumAlgorithm";

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

  /** The payload hash of an unsigned aws-chunked body with a checksum trailer. */
  static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

  /** Encodes a part with its checksum in a trailer (S3's unsigned aws-chunked body). */
  @FunctionalInterface
  public interface TrailerEncoding {
    /**
     * The encoded body, which streams the part and appends the trailer.
     *
     * @param content the part
     * @param trailerHeader the trailer's header, e.g. {@code x-amz-checksum-crc32}
     * @param base64Length the length of the checksum's base64
     * @param checksum a fresh digest for each time the body is sent
     * @param onDigest receives the digest once a send has read the whole part
     * @return the body, with its encoded length
     */
    PartContent encode(PartContent content, String trailerHeader, int base64Length,
        java.util.function.Supplier<MessageDigest> checksum,
        java.util.function.Consumer<byte[]> onDigest);
  }

  /** The calls of an upload after it started, for {@link SessionHeaders}. */
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

  /**
   * Headers a session needs on its later calls that it does not carry itself, such as an SSE-C
   * customer key, which must never be stored in the session.
   */
  @FunctionalInterface
  public interface SessionHeaders {
    /**
     * The headers for one call of an upload.
     *
     * @param session the upload
     * @param call the call about to be made
     * @return the headers to add, empty for none
     * @throws InvalidRequestException when the session needs something this client lacks
     */
    Map<String, String> headers(UploadSession session, Call call);
  }

  /** Builds an object's URI. */
  @FunctionalInterface
  public interface ObjectUris {
    /**
     * The URI of an object.
     *
     * @param bucket the bucket
     * @param key the key
     * @param rawQuery the query, already encoded, or null
     * @return the URI
     */
    URI objectUri(String bucket, String key, String rawQuery);
  }

  private final String dialect;
  private final UploadCapabilities capabilities;
  private final ObjectUris uris;
  private final String requestIdHeader;
  private final String payloadHashHeader;
  private final String streamingPayload;
  private final java.util.function.Function<URI, PayloadMode> payloadModes;
  private final SessionHeaders sessionHeaders;
  private final String versionIdHeader;
  private final IntegrityCheck integrity;
  private final TrailerEncoding checksumTrailer;

  private XmlMultipartProtocol(Builder b) {
    this.versionIdHeader = b.versionIdHeader;
    this.integrity = new IntegrityCheck(b.checksums);
    this.checksumTrailer = b.checksumTrailer;
    this.sessionHeaders = b.sessionHeaders;
    this.dialect = b.dialect;
    this.capabilities = b.capabilities;
    this.uris = b.uris;
    this.requestIdHeader = b.requestIdHeader;
    this.payloadHashHeader = b.payloadHashHeader;
    this.streamingPayload = b.streamingPayload;
    this.payloadModes = b.payloadModes;
  }

  /**
   * Starts a protocol description.
   *
   * @param dialect the dialect id sessions carry
   * @param capabilities the dialect's part rules
   * @param uris how object URIs are built
   * @return a builder
   */
  public static Builder builder(String dialect, UploadCapabilities capabilities, ObjectUris uris) {
    return new Builder(dialect, capabilities, uris);
  }

  /**
   * Sends one part. With a streaming payload over plain http (S3), the body is signed chunk by
   * chunk as it is sent, in one read; otherwise it carries {@code Content-MD5} (read once to hash
   * it, once to send it), and with a payload-hash header over https it is {@code
   * UNSIGNED-PAYLOAD}, TLS and the MD5 guarding it.
   *
   * @param executor the client's executor
   * @param session the upload
   * @param partNumber the part number
   * @param content the bytes
   * @return the part with the server's ETag
   */
  public UploadedPart uploadPart(
      RequestExecutor executor, UploadSession session, int partNumber, PartContent content) {
    checkSession(session);
    Objects.requireNonNull(content, "content");
    checkPartNumber("partNumber", partNumber);
    if (content.length() > capabilities.maxPartSize()) {
      throw new InvalidRequestException(
          "content",
          "a part must be at most " + capabilities.maxPartSize() + " bytes (was "
              + content.length() + ")");
    }
    URI uri = uris.objectUri(session.destination(), session.key(),
        "partNumber=" + partNumber + "&uploadId=" + PercentEncoding.encode(session.uploadId()));
    HttpRequest.Builder http =
        HttpRequest.builder("PUT", uri)
            .header("Content-Length", String.valueOf(content.length()))
            .body(content);
    addSessionHeaders(http, session, Call.PART);
    PayloadMode mode = payloadHashHeader == null ? PayloadMode.CONTENT_MD5 : payloadModes.apply(uri);
    IntegrityCheck.Flexible flexible = integrity.flexibleOf(session);
    java.util.concurrent.atomic.AtomicReference<byte[]> sent =
        new java.util.concurrent.atomic.AtomicReference<>();
    long size = content.length();
    if (flexible != null && mode == PayloadMode.CONTENT_MD5 && checksumTrailer != null
        && "https".equalsIgnoreCase(uri.getScheme())) {
      // One read: the part streams aws-chunked, unsigned (TLS guards it), its checksum taken as
      // it goes and sent in the trailer, which S3 checks.
      String trailer = flexible.header();
      PartContent body = checksumTrailer.encode(content, trailer, flexible.base64Length(),
          flexible::digest, sent::set);
      http.header("Content-Encoding", "aws-chunked")
          .header("x-amz-decoded-content-length", String.valueOf(size))
          .header("x-amz-trailer", trailer)
          .header(payloadHashHeader, UNSIGNED_TRAILER)
          .header("Content-Length", String.valueOf(body.length()))
          .body(body);
    } else {
      if (flexible != null && mode == PayloadMode.STREAMING) {
        mode = PayloadMode.SHA256; // the checksum goes in a header: hash it first
      }
      if (mode == PayloadMode.STREAMING) {
        if (streamingPayload == null) {
          throw new IllegalStateException("STREAMING needs Builder.streamingPayload(..)");
        }
        // Signed chunk by chunk as it streams (the server checks every chunk): one read of the
        // part, no hashing pass before it.
        http.header(payloadHashHeader, streamingPayload);
      } else {
        // Otherwise one hashing pass first: the signed SHA-256 (which the server checks), or
        // Content-MD5 with UNSIGNED-PAYLOAD where the dialect signs payloads; the integrity
        // checksum, if any, in the same pass.
        MessageDigest digest = Digests.digest(mode == PayloadMode.SHA256 ? "SHA-256" : "MD5");
        MessageDigest check = integrity.partDigest(flexible);
        try {
          if (check == null) {
            content.digest(digest);
          } else {
            content.digest(digest, check);
          }
        } catch (java.io.UncheckedIOException e) {
          throw new InvalidRequestException("content", "cannot be read: "
              + e.getCause().getMessage());
        }
        if (mode == PayloadMode.SHA256) {
          http.header(payloadHashHeader, HEX.formatHex(digest.digest()));
        } else {
          http.header("Content-MD5", Base64.getEncoder().encodeToString(digest.digest()));
          if (payloadHashHeader != null) {
            http.header(payloadHashHeader, "UNSIGNED-PAYLOAD");
          }
        }
        if (check != null) {
          sent.set(check.digest());
          if (flexible != null) {
            http.header(flexible.header(), Base64.getEncoder().encodeToString(sent.get()));
          }
        }
      }
    }
    Duration attempt = executor.attemptTimeoutFor(content.length());
    String serverHeader = integrity.partHeader(flexible);
    String[] server = new String[1];
    UploadedPart part = executor.execute(
        http.build(),
        response -> {
          String etag = response.header("ETag");
          if (etag == null || etag.isBlank()) {
            throw new ResponseFormatException("the part was accepted without an ETag header");
          }
          server[0] = serverHeader == null ? null : response.header(serverHeader);
          return UploadedPart.of(partNumber, etag, size);
        },
        null,
        attempt);
    return sent.get() == null ? part
        : part.withChecksum(integrity.checkPart(partNumber, flexible, sent.get(), server[0]));
  }


  /**
   * Completes the upload. A {@code NoSuchUpload} answer to a retried complete means an earlier
   * attempt may have finished it: the object is then looked up, and accepted when its size (and
   * part count, where its ETag shows one) match.
   *
   * @param executor the client's executor
   * @param session the upload
   * @param parts every part, ascending
   * @return the finished object
   */
  public UploadResult complete(
      RequestExecutor executor, UploadSession session, List<UploadedPart> parts) {
    checkSession(session);
    checkParts(parts);
    URI uri = uris.objectUri(session.destination(), session.key(),
        "uploadId=" + PercentEncoding.encode(session.uploadId()));
    IntegrityCheck.Flexible flexible = integrity.flexibleOf(session);
    byte[] body = completeBody(parts, flexible == null ? null : flexible.element(),
        flexible == null ? null : flexible.name());
    HttpRequest.Builder http =
        HttpRequest.builder("POST", uri)
            .header("Content-Type", "application/xml")
            .body(body);
    addSessionHeaders(http, session, Call.COMPLETE);
    if (payloadHashHeader != null) {
      MessageDigest sha = Digests.sha256();
      sha.update(body);
      http.header(payloadHashHeader, HEX.formatHex(sha.digest()));
    }
    UploadResult result;
    try {
      result = executor.execute(
          http.build(), response -> completeResult(response, session, parts), null,
          COMPLETE_ATTEMPT);
    } catch (ServiceException e) {
      if ("NoSuchUpload".equals(e.errorCode()) && e.attempts() > 1) {
        UploadResult done = findCompleted(executor, session, parts);
        if (done != null) {
          return integrity.checkObject(session, parts, done);
        }
      }
      throw e;
    }
    return integrity.checkObject(session, parts, result);
  }

  /**
   * Aborts the upload ({@code DELETE ?uploadId=}, answered 204).
   *
   * @param executor the client's executor
   * @param session the upload
   */
  public void abort(RequestExecutor executor, UploadSession session) {
    checkSession(session);
    URI uri = uris.objectUri(session.destination(), session.key(),
        "uploadId=" + PercentEncoding.encode(session.uploadId()));
    HttpRequest.Builder http = HttpRequest.builder("DELETE", uri);
    addSessionHeaders(http, session, Call.ABORT);
    executor.execute(http.build(), response -> null, null);
  }

  /**
   * Lists every part the server holds, following {@code NextPartNumberMarker} over all pages.
   *
   * @param executor the client's executor
   * @param session the upload
   * @return the parts, ascending
   */
  public List<UploadedPart> listParts(RequestExecutor executor, UploadSession session) {
    checkSession(session);
    List<UploadedPart> all = new ArrayList<>();
    int marker = 0;
    while (true) {
      String query = "max-parts=" + PAGE + (marker > 0 ? "&part-number-marker=" + marker : "")
          + "&uploadId=" + PercentEncoding.encode(session.uploadId());
      URI uri = uris.objectUri(session.destination(), session.key(), query);
      int current = marker;
      HttpRequest.Builder http = HttpRequest.builder("GET", uri);
      addSessionHeaders(http, session, Call.LIST);
      Page page = executor.execute(http.build(), response -> readPage(response, current), null);
      all.addAll(page.parts);
      if (!page.truncated) {
        return all;
      }
      marker = page.next;
    }
  }

  /**
   * Lists the uploads in progress under a key prefix ({@code GET /?uploads&prefix=}), following
   * {@code NextKeyMarker} and {@code NextUploadIdMarker} over all pages.
   *
   * @param executor the client's executor
   * @param bucket the bucket
   * @param bucketUri the bucket's URI with a query (path-style or virtual-host, as the dialect
   *     addresses it)
   * @param prefix the key prefix, empty for all
   * @return the uploads, in the server's order
   */
  public List<io.unipart.PendingUpload> listUploads(RequestExecutor executor, String bucket,
      java.util.function.Function<String, URI> bucketUri, String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    List<io.unipart.PendingUpload> all = new ArrayList<>();
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
          HttpRequest.builder("GET", bucketUri.apply(query.toString())).build(),
          response -> UploadListing.readUploads(dialect, response, bucket), null);
      all.addAll(page.uploads);
      if (!page.truncated) {
        return all;
      }
      keyMarker = page.nextKey;
      idMarker = page.nextId;
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
   * Checks parts for complete: see {@link PartChecks#forComplete}.
   *
   * @param parts the parts
   * @throws InvalidRequestException naming the rule broken
   */
  public void checkParts(List<UploadedPart> parts) {
    PartChecks.forComplete(dialect, capabilities, parts, true, -1);
  }

  private void addSessionHeaders(HttpRequest.Builder http, UploadSession session, Call call) {
    sessionHeaders.headers(session, call).forEach(http::header);
  }

  private void checkPartNumber(String field, int partNumber) {
    PartChecks.partNumber(capabilities, field, partNumber);
  }

  private void checkSession(UploadSession session) {
    PartChecks.session(dialect, session);
  }

  static byte[] completeBody(List<UploadedPart> parts) {
    return completeBody(parts, null, null);
  }

  /** The part list; with a flexible checksum, each part's {@code <ChecksumX>} too. */
  static byte[] completeBody(List<UploadedPart> parts, String element, String algorithm) {
    XmlBodies.CompleteRequest body = new XmlBodies.CompleteRequest();
    for (UploadedPart p : parts) {
      XmlBodies.RequestPart part = new XmlBodies.RequestPart();
      part.partNumber = p.partNumber();
      part.etag = p.etag().orElse("");
      if (algorithm != null && p.checksum().isPresent()
          && p.checksum().get().algorithm().equals(algorithm)) {
        part.checksum(algorithm, p.checksum().get().value());
      }
      body.parts.add(part);
    }
    return XmlBodies.write(body);
  }

  private UploadResult completeResult(
      HttpResponse response, UploadSession session, List<UploadedPart> parts)
      throws ResponseFormatException {
    XmlBodies.CompleteResult doc = XmlBodies.read(response.body(),
        "CompleteMultipartUploadResult", XmlBodies.CompleteResult.class);
    return UploadResult.builder(session)
        .parts(parts)
        .etag(blankToNull(doc.etag))
        .location(blankToNull(doc.location))
        .requestId(response.header(requestIdHeader))
        .versionId(response.header(versionIdHeader))
        .checksum(integrity.objectChecksum(session, doc, response))
        .build();
  }

  /** After NoSuchUpload on a retried complete: is the object there, the size and part count ours? */
  private UploadResult findCompleted(
      RequestExecutor executor, UploadSession session, List<UploadedPart> parts) {
    URI uri = uris.objectUri(session.destination(), session.key(), null);
    HttpResponse head;
    try {
      HttpRequest.Builder http = HttpRequest.builder("HEAD", uri);
      addSessionHeaders(http, session, Call.HEAD);
      head = executor.execute(http.build(), response -> response, null);
    } catch (ServiceException e) {
      return null;
    }
    UploadResult expected = UploadResult.builder(session).parts(parts).build();
    String length = head.header("Content-Length");
    if (length != null && expected.size() >= 0 && !length.equals(String.valueOf(expected.size()))) {
      return null;
    }
    String etag = head.header("ETag");
    if (etag != null) {
      String bare = etag.replace("\"", "");
      int dash = bare.lastIndexOf('-');
      if (dash > 0 && !bare.substring(dash + 1).equals(String.valueOf(parts.size()))) {
        return null;
      }
    }
    return UploadResult.builder(session).parts(parts).etag(etag)
        .requestId(head.header(requestIdHeader)).versionId(head.header(versionIdHeader))
        .checksum(integrity.objectChecksum(session, null, head)).build();
  }

  private static Page readPage(HttpResponse response, int marker) throws ResponseFormatException {
    XmlBodies.PartsPage doc = XmlBodies.read(response.body(), "ListPartsResult",
        XmlBodies.PartsPage.class);
    List<UploadedPart> parts = new ArrayList<>();
    for (XmlBodies.ListedPart p : doc.parts) {
      parts.add(part(p));
    }
    boolean truncated = "true".equalsIgnoreCase(trim(doc.truncated));
    int next = 0;
    if (truncated) {
      next = integer(doc.nextMarker, "NextPartNumberMarker");
      if (next <= marker) {
        throw new ResponseFormatException(
            "the part listing is truncated but NextPartNumberMarker " + next
                + " does not move past " + marker);
      }
    }
    return new Page(parts, truncated, next);
  }

  private static UploadedPart part(XmlBodies.ListedPart p) throws ResponseFormatException {
    int number = integer(blankToNull(p.partNumber), "Part.PartNumber");
    String etag = blankToNull(p.etag);
    String size = blankToNull(p.size);
    long bytes;
    try {
      bytes = size == null ? -1 : Long.parseLong(size.trim());
    } catch (NumberFormatException e) {
      throw new ResponseFormatException("Part.Size is not a number");
    }
    return IntegrityCheck.listed(p,
        UploadedPart.of(number, etag == null ? null : etag.trim(), bytes));
  }

  /** An element's text, null for an empty or absent one (an empty {@code <Size/>} is unknown). */
  static String blankToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static int integer(String value, String name) throws ResponseFormatException {
    try {
      return Integer.parseInt(Objects.requireNonNull(value, name).trim());
    } catch (RuntimeException e) {
      throw new ResponseFormatException(name + " is missing or not a number");
    }
  }

  private static final class Page {
    final List<UploadedPart> parts;
    final boolean truncated;
    final int next;

    Page(List<UploadedPart> parts, boolean truncated, int next) {
      this.parts = parts;
      this.truncated = truncated;
      this.next = next;
    }
  }

  /** Builds an {@link XmlMultipartProtocol}. Not thread-safe. */
  public static final class Builder {
    private final String dialect;
    private final UploadCapabilities capabilities;
    private final ObjectUris uris;
    private String requestIdHeader = "x-amz-request-id";
    private String payloadHashHeader;
    private String streamingPayload;
    private java.util.function.Function<URI, PayloadMode> payloadModes = uri -> PayloadMode.CONTENT_MD5;
    private SessionHeaders sessionHeaders = (session, call) -> Map.of();
    private String versionIdHeader = "x-amz-version-id";
    private IntegrityChecksums checksums = IntegrityChecksums.NONE;
    private TrailerEncoding checksumTrailer;

    private Builder(String dialect, UploadCapabilities capabilities, ObjectUris uris) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
      this.uris = Objects.requireNonNull(uris, "uris");
    }

    /**
     * Sets the header carrying the provider's request id.
     *
     * @param name e.g. {@code x-cos-request-id}
     * @return this builder
     */
    public Builder requestIdHeader(String name) {
      this.requestIdHeader = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the header that declares a body's SHA-256 (S3's {@code x-amz-content-sha256}); none by
     * default.
     *
     * @param name the header
     * @return this builder
     */
    public Builder payloadHashHeader(String name) {
      this.payloadHashHeader = name;
      return this;
    }

    /**
     * Declares parts in {@link PayloadMode#STREAMING} with this payload-hash value (S3's {@code
     * STREAMING-AWS4-HMAC-SHA256-PAYLOAD}), leaving the signer to sign the body chunk by chunk.
     *
     * @param value the header value
     * @return this builder
     */
    public Builder streamingPayload(String value) {
      this.streamingPayload = value;
      return this;
    }

    /**
     * Chooses each part's {@link PayloadMode} from its URI (https or not); needs {@link
     * #payloadHashHeader(String)}. Default: {@link PayloadMode#CONTENT_MD5}.
     *
     * @param modes the choice
     * @return this builder
     */
    public Builder payloadModes(java.util.function.Function<URI, PayloadMode> modes) {
      this.payloadModes = Objects.requireNonNull(modes, "modes");
      return this;
    }

    /**
     * Guards parts and the object with an integrity checksum; {@link IntegrityChecksums#NONE} by
     * default.
     *
     * @param checksums the kind
     * @param trailer with S3's, over https, how to send each part's checksum in an aws-chunked
     *     trailer (one read of the part) where the part would otherwise carry {@code
     *     Content-MD5}; null to send it in a header after a hashing pass
     * @return this builder
     */
    public Builder integrityChecksums(IntegrityChecksums checksums, TrailerEncoding trailer) {
      this.checksums = Objects.requireNonNull(checksums, "checksums");
      this.checksumTrailer = trailer;
      return this;
    }

    /**
     * Sets the header carrying the new object's version id.
     *
     * @param name e.g. {@code x-cos-version-id}; default {@code x-amz-version-id}
     * @return this builder
     */
    public Builder versionIdHeader(String name) {
      this.versionIdHeader = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Adds headers a session needs on its later calls (an SSE-C key); none by default.
     *
     * @param headers the headers per session and call
     * @return this builder
     */
    public Builder sessionHeaders(SessionHeaders headers) {
      this.sessionHeaders = Objects.requireNonNull(headers, "headers");
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
