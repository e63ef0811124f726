package io.unipart.testkit;

import java.util.List;
import java.util.Map;

/**
 * Where the part URLs of the Cognite and presigned fakes point, and how they assemble an object.
 * By default the fake serves its own URLs and keeps the bytes in memory; a test that wants the
 * bytes on a real S3 server (presigned URLs of S3Proxy, say) passes its own store to {@link
 * UnipartFake#withPartStore}.
 */
public interface PartStore {
  /**
   * Starts an object.
   *
   * @param key the file name the upload was started with
   * @param parts how many parts it was started with
   * @return a handle naming the object in later calls (the fake's upload id)
   */
  String start(String key, int parts);

  /**
   * Issues one URL for each part, 1 to {@code parts}: at the start, and again when the client
   * asks for fresh ones.
   *
   * @param handle the object
   * @param parts how many parts
   * @return the URLs, in part order
   */
  List<String> urls(String handle, int parts);

  /**
   * Completes the object.
   *
   * @param handle the object
   * @param etags each part's ETag as the completing call names it, or null when the API names
   *     none (Cognite: every part sent, in order)
   * @throws IllegalStateException naming what is missing, when a part was not sent
   */
  void complete(String handle, Map<Integer, String> etags);

  /**
   * Aborts the object, freeing its parts.
   *
   * @param handle the object
   */
  void abort(String handle);
}
