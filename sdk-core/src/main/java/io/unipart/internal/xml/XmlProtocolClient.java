package io.unipart.internal.xml;

import io.unipart.ObjectStoreRequest;
import io.unipart.PartContent;
import io.unipart.PartPresigner;
import io.unipart.PendingUpload;
import io.unipart.TypedMultipartClient;
import io.unipart.UploadCapabilities;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.internal.ClientRuntime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The body of an S3-family client, written once: every call goes to the {@link
 * XmlMultipartProtocol} it was built with, and the dialect adds only its typed request's headers
 * and its URL signing. The dialect's public interface (e.g. {@code S3MultipartClient}) hides the
 * subclass, so none of this is seen by applications.
 *
 * @param <R> the dialect's typed request
 */
public abstract class XmlProtocolClient<R extends ObjectStoreRequest>
    implements TypedMultipartClient<R>, PartPresigner {

  /** Signs a URL for query-string authentication. */
  @FunctionalInterface
  public interface UrlSigner {
    /**
     * The URL with its signature added.
     *
     * @param method the HTTP method the holder will use
     * @param uri the URL to sign
     * @param now the signing time
     * @param expirySeconds how long the signature holds
     * @return the signed URL
     */
    URI presign(String method, URI uri, Instant now, long expirySeconds);
  }

  private final String dialect;
  private final UploadCapabilities capabilities;
  private final String bucket;
  private final Duration maxPresignExpiry;
  private final ClientRuntime runtime;
  private final XmlMultipartProtocol calls;
  private final UrlSigner urlSigner;

  /**
   * A client over one protocol.
   *
   * @param dialect the dialect id
   * @param capabilities the dialect's part rules, which also plan part sizes on initiate
   * @param bucket the bucket the client is bound to
   * @param maxPresignExpiry the longest a presigned part URL may last
   * @param runtime the client's executor and threads
   * @param calls the protocol, built on the runtime's executor
   * @param urlSigner the dialect's query-string signing
   */
  protected XmlProtocolClient(String dialect, UploadCapabilities capabilities, String bucket,
      Duration maxPresignExpiry, ClientRuntime runtime, XmlMultipartProtocol calls,
      UrlSigner urlSigner) {
    this.dialect = dialect;
    this.capabilities = capabilities;
    this.bucket = bucket;
    this.maxPresignExpiry = maxPresignExpiry;
    this.runtime = runtime;
    this.calls = calls;
    this.urlSigner = urlSigner;
  }

  /**
   * The typed request a neutral one maps to.
   *
   * @param request the neutral request
   * @return the typed request, checked
   */
  protected abstract R typed(UploadRequest request);

  /**
   * The initiate call's headers, checked already.
   *
   * @param request the typed request
   * @return the headers, names as they go on the wire
   */
  protected abstract Map<String, String> initiateHeaders(R request);

  /**
   * Where the typed request goes: the client's bucket unless the dialect lets a request name
   * another.
   *
   * @param request the typed request
   * @return the bucket
   */
  protected String bucketFor(R request) {
    return bucket;
  }

  /**
   * Handles the session records beside the upload id, for later calls.
   *
   * @param request the typed request
   * @return the handles; none by default
   */
  protected Map<String, String> sessionHandles(R request) {
    return Map.of();
  }

  @Override
  public final UploadSession initiate(UploadRequest request) {
    return initiate(typed(request));
  }

  @Override
  public final CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return runtime.async(() -> initiate(request));
  }

  @Override
  public final UploadSession initiate(R request) {
    Objects.requireNonNull(request, "request");
    UploadRequest upload = request.upload();
    boolean forbidOverwrite = !upload.overwrite().orElse(true);
    return calls.initiate(new XmlMultipartProtocol.Initiate(bucketFor(request), upload.key(),
        initiateHeaders(request), forbidOverwrite, capabilities.plannedPartSize(upload),
        upload.contentLength(), sessionHandles(request), upload.deadline()));
  }

  @Override
  public final CompletableFuture<UploadSession> initiateAsync(R request) {
    return runtime.async(() -> initiate(request));
  }

  @Override
  public final String dialect() {
    return dialect;
  }

  @Override
  public final UploadCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public final UploadedPart uploadPart(UploadSession session, int partNumber,
      PartContent content) {
    return calls.uploadPart(session, partNumber, content);
  }

  @Override
  public final UploadResult complete(UploadSession session, List<UploadedPart> parts) {
    return calls.complete(session, parts);
  }

  @Override
  public final void abort(UploadSession session) {
    calls.abort(session);
  }

  @Override
  public final List<UploadedPart> listParts(UploadSession session) {
    return calls.listParts(session);
  }

  @Override
  public final List<PendingUpload> listUploads(String prefix) {
    return calls.listUploads(bucket, prefix);
  }

  @Override
  public final URI presignPart(UploadSession session, int partNumber, Duration expiry) {
    URI uri = calls.presignablePartUri(session, partNumber, expiry, maxPresignExpiry);
    return urlSigner.presign("PUT", uri, runtime.executor().now(), expiry.getSeconds());
  }

  /**
   * The bucket this client is bound to.
   *
   * @return the bucket
   */
  public final String bucket() {
    return bucket;
  }

  /** Releases the client's threads, and its transport unless the builder was given one. */
  @Override
  public final void close() {
    runtime.close();
  }
}
