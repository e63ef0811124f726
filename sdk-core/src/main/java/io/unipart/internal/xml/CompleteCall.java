package io.unipart.internal.xml;

import io.unipart.ServiceException;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.internal.Digests;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CompleteMultipartUpload for the S3 family, and what stores do wrong around it, each found on a
 * store and each answered here: an answer lost to a retried call ({@code NoSuchUpload}), a 200
 * whose body cannot be read and one without an ETag (Ceph RGW 16), part checksums refused in the
 * list (Swift's s3api), and {@code If-None-Match} ignored (Ceph). Where the object has to decide,
 * it is looked up (HEAD), and only an object these exact parts make is taken for this upload's.
 * Thread-safe.
 */
final class CompleteCall {
  private static final HexFormat HEX = HexFormat.of();
  private static final Logger LOG = LoggerFactory.getLogger(XmlMultipartProtocol.class);

  /** What the protocol lends: where an upload and its object are, and a session's headers. */
  interface Calls {
    URI uploadUri(UploadSession session);

    URI objectUri(UploadSession session);

    void sessionHeaders(HttpRequest.Builder http, UploadSession session,
        XmlMultipartProtocol.Call call);

    /**
     * Whether the server still has the upload: false only when it says it has not ({@link
     * io.unipart.UploadNotFoundException}); any other failure to find out counts as true.
     */
    boolean uploadExists(UploadSession session);
  }

  private final String dialect;
  private final RequestExecutor executor;
  private final IntegrityCheck integrity;
  private final Calls calls;
  private final String requestIdHeader;
  private final String versionIdHeader;
  private final String payloadHashHeader;
  private final Map<String, String> conditionalComplete;
  private final boolean md5Etags;
  /** Whether a no-overwrite complete looks the object up first (the store may ignore it). */
  private final boolean lookBeforeConditionalComplete;
  /** Set once the store refused part checksums in complete's list. Only turns true. */
  private volatile boolean checksumsInCompleteRefused;

  CompleteCall(String dialect, RequestExecutor executor, IntegrityCheck integrity, Calls calls,
      String requestIdHeader, String versionIdHeader, String payloadHashHeader,
      Map<String, String> conditionalComplete, boolean md5Etags,
      boolean lookBeforeConditionalComplete) {
    this.dialect = dialect;
    this.executor = executor;
    this.integrity = integrity;
    this.calls = calls;
    this.requestIdHeader = requestIdHeader;
    this.versionIdHeader = versionIdHeader;
    this.payloadHashHeader = payloadHashHeader;
    this.conditionalComplete = conditionalComplete;
    this.md5Etags = md5Etags;
    this.lookBeforeConditionalComplete = lookBeforeConditionalComplete;
  }

  private static boolean forbidsOverwrite(UploadSession session) {
    return "true".equals(session.handles().get(XmlMultipartProtocol.FORBID_OVERWRITE_HANDLE));
  }

  /**
   * Completes the upload. A {@code NoSuchUpload} answer to a retried complete means an earlier
   * attempt may have finished it: the object is then looked up, and accepted when its size (and
   * part count, where its ETag shows one) match.
   *
   * @param session the upload
   * @param parts every part, ascending
   * @return the finished object
   */
  UploadResult complete(UploadSession session, List<UploadedPart> parts) {
    if (lookBeforeConditionalComplete
        && forbidsOverwrite(session)) {
      refuseIfObjectExists(session);
    }
    UploadResult result;
    try {
      result = sendComplete(session, parts, integrity.flexibleOf(session));
    } catch (ServiceException e) {
      // An earlier complete may have finished the upload with its answer lost: this call's own
      // first attempt (retried), or another process's before a resume. A retried call accepts an
      // object of the right size and part count; a first attempt only one whose ETag is the one
      // these exact parts make (S3's multipart ETag), where the dialect's ETags say so.
      boolean retried = e.attempts() > 1;
      if (e.httpStatus() >= 500 && !calls.uploadExists(session)) {
        // Where S3 says NoSuchUpload, Ceph RGW 16 answers complete 500 InternalError (and a
        // listing of the upload 404 NoSuchKey): the listing tells, and the outcome is the same.
        e = new io.unipart.UploadNotFoundException(e.error(), e.attempts());
      }
      if (e instanceof io.unipart.UploadNotFoundException && (retried || md5Etags)) {
        UploadResult done = findCompleted(session, parts, !retried);
        if (done != null) {
          return integrity.checkObject(session, parts, done);
        }
      }
      // A success whose body cannot be read (Ceph RGW 16 writes past a 1 KiB buffer into
      // <Location> once bucket and key reach it): the object decides, and only one whose ETag
      // is exactly the one these parts make is taken for this upload's.
      if (e.httpStatus() >= 200 && e.httpStatus() < 300 && md5Etags) {
        UploadResult done = findCompleted(session, parts, true);
        if (done != null) {
          LOG.warn("{}: complete of upload {} answered {} with a body that cannot be read;"
              + " the object \"{}\" is the one its parts make (ETag {}), so it is taken",
              dialect, session.uploadId(), e.httpStatus(), session.key(), done.etag().orElse(""));
          return integrity.checkObject(session, parts, done);
        }
      }
      throw e;
    }
    if (result.etag().isEmpty() && md5Etags) {
      // Complete's answer without an ETag (Ceph RGW 16 always sends <ETag></ETag>): HEAD has it.
      // Best effort: the upload is complete whatever the look-up answers.
      UploadResult found;
      try {
        found = findCompleted(session, parts, false);
      } catch (io.unipart.UploadException e) {
        LOG.debug("{}: could not read the ETag of \"{}\" after complete: {}", dialect,
            session.key(), e.toString());
        found = null;
      }
      if (found != null && found.etag().isPresent()) {
        result = UploadResult.builder(session).parts(parts).etag(found.etag().get())
            .location(result.location().orElse(null)).requestId(result.requestId().orElse(null))
            .versionId(result.versionId().or(found::versionId).orElse(null))
            .checksum(result.checksum().or(found::checksum).orElse(null)).build();
      }
    }
    return integrity.checkObject(session, parts, result);
  }

  /**
   * Sends complete, listing each part's flexible checksum where the session has one. A store
   * that refuses those elements (OpenStack Swift's s3api answers 400 {@code MalformedXML}, and
   * ignores the checksums anyway) gets the list without them, and so does every later complete of
   * this client (warned once): each part was already checked as it was sent, by its {@code
   * Content-MD5} or signed SHA-256, or against its ETag.
   */
  private UploadResult sendComplete(UploadSession session, List<UploadedPart> parts,
      IntegrityCheck.Flexible flexible) {
    boolean listed = flexible != null && !checksumsInCompleteRefused;
    try {
      return executor.execute(completeRequest(session, parts, listed ? flexible : null),
          response -> completeResult(response, session, parts), null, XmlMultipartProtocol.COMPLETE_ATTEMPT);
    } catch (ServiceException e) {
      if (!listed || e.httpStatus() != 400 || !"MalformedXML".equals(e.errorCode())) {
        throw e;
      }
      if (!checksumsInCompleteRefused) {
        checksumsInCompleteRefused = true;
        LOG.warn("{}: the store refused complete's part checksums (400 MalformedXML); upload {}"
            + " is completed without them, and so is every later one of this client", dialect,
            session.uploadId());
      }
      return executor.execute(completeRequest(session, parts, null),
          response -> completeResult(response, session, parts), null, XmlMultipartProtocol.COMPLETE_ATTEMPT);
    }
  }

  private HttpRequest completeRequest(UploadSession session, List<UploadedPart> parts,
      IntegrityCheck.Flexible flexible) {
    byte[] body = XmlBodies.completeRequest(parts, flexible == null ? null : flexible.name());
    HttpRequest.Builder http = HttpRequest.builder("POST", calls.uploadUri(session)).operation("complete")
        .header("Content-Type", "application/xml")
        .body(body);
    calls.sessionHeaders(http, session, XmlMultipartProtocol.Call.COMPLETE);
    if (forbidsOverwrite(session)) {
      conditionalComplete.forEach(http::header);
    }
    if (payloadHashHeader != null) {
      MessageDigest sha = Digests.sha256();
      sha.update(body);
      http.header(payloadHashHeader, HEX.formatHex(sha.digest()));
    }
    return http.build();
  }

  /**
   * For a store that may ignore {@code If-None-Match: *} on complete (Ceph RGW 16 does, and
   * replaces the object): the object is looked up first, and an upload that would replace one is
   * refused. What remains is the window between this look and the complete, which only a store
   * that checks the condition itself closes. A HEAD answered 400 (an SSE-C object, read without
   * its key) also shows an object; 403 shows nothing (the credentials may not read it), and
   * the condition is then left to the store.
   */
  private void refuseIfObjectExists(UploadSession session) {
    HttpRequest head = HttpRequest.builder("HEAD",
        calls.objectUri(session)).operation("headObject").build();
    int status;
    String requestId = null;
    try {
      HttpResponse found = executor.execute(head, response -> response, null);
      status = found.status();
      requestId = found.header(requestIdHeader);
    } catch (ServiceException e) {
      status = e.httpStatus();
    }
    if (status < 300 || status == 400) {
      throw ServiceException.of(ServiceError.builder(412).code("PreconditionFailed")
          .message("\"" + session.key() + "\" already exists and overwrite was not asked for"
              + " (found before complete; upload " + session.uploadId() + " was not completed)")
          .requestId(requestId).kind(ServiceError.Kind.CONFLICT).build(), 1);
    }
  }

  private UploadResult completeResult(
      HttpResponse response, UploadSession session, List<UploadedPart> parts)
      throws ResponseFormatException {
    XmlBodies.CompleteResult doc = XmlBodies.readCompleteResult(response.body());
    return UploadResult.builder(session)
        .parts(parts)
        .etag(UploadListing.blankToNull(doc.etag))
        .location(UploadListing.blankToNull(doc.location))
        .requestId(response.header(requestIdHeader))
        .versionId(response.header(versionIdHeader))
        .checksum(integrity.objectChecksum(session, doc, response))
        .build();
  }

  /** After NoSuchUpload on a retried complete: is the object there, the size and part count ours? */
  private UploadResult findCompleted(UploadSession session, List<UploadedPart> parts,
      boolean exactEtag) {
    String composite = exactEtag ? compositeEtag(parts) : null;
    if (exactEtag && composite == null) {
      return null;
    }
    HttpResponse head;
    try {
      HttpRequest.Builder http = HttpRequest.builder("HEAD",
          calls.objectUri(session)).operation("headObject");
      calls.sessionHeaders(http, session, XmlMultipartProtocol.Call.HEAD);
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
    if (exactEtag && (etag == null || !etag.replace("\"", "").equals(composite))) {
      return null;
    }
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

  /**
   * S3's ETag of an object made of these parts: the MD5 of their MD5s, then {@code -N}; null
   * when a part's ETag is not a plain MD5 (SSE-KMS, SSE-C), and nothing can be proved.
   */
  static String compositeEtag(List<UploadedPart> parts) {
    MessageDigest md5 = Digests.digest("MD5");
    for (UploadedPart p : parts) {
      String e = p.etag().orElse("").replace("\"", "");
      if (!e.matches("[0-9a-fA-F]{32}")) {
        return null;
      }
      md5.update(HEX.parseHex(e));
    }
    return HEX.formatHex(md5.digest()) + "-" + parts.size();
  }
}
