package io.unipart;

import java.util.List;

/**
 * The whole multipart lifecycle of one dialect: start, send parts, complete, abort, list. The
 * {@link MultipartUploader} drives any implementation the same way; applications that move parts
 * themselves call these directly.
 *
 * <pre>{@code
 * UploadSession s = client.initiate(UploadRequest.builder().key("logs/day.gz").build());
 * UploadedPart p1 = client.uploadPart(s, 1, PartContent.ofFile(file, 0, 8 << 20));
 * UploadedPart p2 = client.uploadPart(s, 2, PartContent.ofFile(file, 8 << 20, rest));
 * UploadResult done = client.complete(s, List.of(p1, p2));
 * }</pre>
 *
 * <p>Implementations are thread-safe: parts of one upload may be sent from many threads at once.
 * Every call retries transient failures with the client's {@link RetryPolicy}, re-sending the part
 * from its source.
 */
public interface MultipartClient extends MultipartInitiator {

  /**
   * The dialect id its sessions carry.
   *
   * @return e.g. {@code s3}
   */
  String dialect();

  /**
   * What parts may be, and which calls this dialect has.
   *
   * @return the capabilities
   */
  UploadCapabilities capabilities();

  /**
   * Sends one part. Sending the same number again replaces it.
   *
   * @param session the upload
   * @param partNumber its number, counted from {@link UploadCapabilities#firstPartNumber()}
   * @param content the bytes
   * @return the part as the server acknowledged it
   * @throws InvalidRequestException before any network call, when the number or size breaks a rule
   * @throws ServiceException when the provider says no
   * @throws TransportException when the network fails after retries
   */
  UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content);

  /**
   * Puts the parts together into the object.
   *
   * @param session the upload
   * @param parts every part, in ascending order
   * @return the finished object
   * @throws InvalidRequestException before any network call, when the parts break the dialect's
   *     rules (order, gaps, missing tokens)
   * @throws ServiceException when the provider says no
   * @throws TransportException when the network fails after retries
   */
  UploadResult complete(UploadSession session, List<UploadedPart> parts);

  /**
   * Abandons the upload and frees the parts stored so far.
   *
   * @param session the upload
   * @throws UnsupportedOperationException when {@link UploadCapabilities#canAbort()} is false
   * @throws ServiceException when the provider says no
   * @throws TransportException when the network fails after retries
   */
  void abort(UploadSession session);

  /**
   * The parts the server has, all pages, in ascending order.
   *
   * @param session the upload
   * @return the parts
   * @throws UnsupportedOperationException when {@link UploadCapabilities#canListParts()} is false
   * @throws ServiceException when the provider says no
   * @throws TransportException when the network fails after retries
   */
  List<UploadedPart> listParts(UploadSession session);

  /**
   * The uploads in progress (started, neither completed nor aborted) whose keys start with
   * {@code prefix}, all pages, as the server orders them (by key, then start). Where the dialect
   * can ({@link UploadCapabilities#canListUploads()}: S3's and COS's {@code
   * ListMultipartUploads}); for finding and aborting orphaned uploads.
   *
   * @param prefix a key prefix, empty for every upload in the bucket
   * @return the uploads
   * @throws UnsupportedOperationException when {@link UploadCapabilities#canListUploads()} is
   *     false
   * @throws ServiceException when the provider says no
   * @throws TransportException when the network fails after retries
   */
  default List<PendingUpload> listUploads(String prefix) {
    throw new UnsupportedOperationException(dialect() + " cannot list uploads in progress");
  }

  /**
   * Fetches fresh part URLs for an upload whose presigned URLs expired (Cognite's {@code
   * files/multiuploadlink}, the presigned dialect's {@code multipart-resume}). The new session
   * may carry a new upload id; parts sent under the old one then no longer count.
   *
   * @param session the upload
   * @return the session with fresh {@link UploadSession#parts()}
   * @throws UnsupportedOperationException when {@link UploadCapabilities#partUrlsIssuedAtStart()}
   *     is false: the dialect signs parts itself, and its parts never expire
   * @throws ServiceException when the provider says no
   * @throws TransportException when the network fails after retries
   */
  default UploadSession renewPartUrls(UploadSession session) {
    throw new UnsupportedOperationException(session.dialect() + " part URLs do not expire");
  }
}
