package io.unipart.internal.xml;

import io.unipart.InvalidRequestException;
import io.unipart.UploadSession;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSE-C customer keys one client holds, for the S3 family's {@code
 * <prefix>server-side-encryption-customer-*} headers. A session started with a customer key
 * records only the key's MD5 (a public fingerprint S3 and COS send back themselves) in its
 * handles, never the key: every later call that needs the key finds it here by that MD5, or is
 * refused before any network call, naming what to do. A client learns a key when it starts an
 * upload with it, or when its builder is given it (to resume, or to finish a session another
 * process started).
 *
 * <p>Thread-safe. {@link #toString()} shows how many keys it holds, never a key.
 */
public final class CustomerKeys {
  /** The session handle holding the key's base64 MD5. */
  public static final String KEY_MD5_HANDLE = "sseCustomerKeyMd5";
  /** The session handle holding the algorithm ({@code AES256}). */
  public static final String ALGORITHM_HANDLE = "sseCustomerAlgorithm";

  private final String prefix;
  private final Map<String, String> keysByMd5 = new ConcurrentHashMap<>();

  /**
   * An empty key ring.
   *
   * @param headerPrefix {@code x-amz-} or {@code x-cos-}
   */
  public CustomerKeys(String headerPrefix) {
    this.prefix = Objects.requireNonNull(headerPrefix, "headerPrefix").toLowerCase(Locale.ROOT);
  }

  /**
   * Takes the customer key out of request headers, if they carry one, and remembers it.
   *
   * @param headers a request's headers
   * @return the handles a session started with them must record (the algorithm and key MD5),
   *     empty when the headers carry no customer key
   */
  public Map<String, String> learn(Map<String, String> headers) {
    String key = null;
    String md5 = null;
    String algorithm = null;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.equals(prefix + "server-side-encryption-customer-key")) {
        key = h.getValue();
      } else if (name.equals(prefix + "server-side-encryption-customer-key-md5")) {
        md5 = h.getValue();
      } else if (name.equals(prefix + "server-side-encryption-customer-algorithm")) {
        algorithm = h.getValue();
      }
    }
    if (key == null || md5 == null) {
      return Map.of();
    }
    keysByMd5.put(md5, key);
    Map<String, String> handles = new LinkedHashMap<>();
    handles.put(ALGORITHM_HANDLE, algorithm == null ? "AES256" : algorithm);
    handles.put(KEY_MD5_HANDLE, md5);
    return handles;
  }

  /**
   * The customer-key headers among a request's headers.
   *
   * @param headers a request's headers
   * @return the algorithm, key and key-MD5 headers, empty when they carry no customer key
   */
  Map<String, String> keyHeaders(Map<String, String> headers) {
    Map<String, String> found = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      if (name.toLowerCase(Locale.ROOT).startsWith(prefix + "server-side-encryption-customer-")) {
        found.put(name, value);
      }
    });
    return found.size() < 2 ? Map.of() : found;
  }

  /**
   * The customer-key headers a session's call needs: none for a session without SSE-C.
   *
   * @param session the upload
   * @return the three headers, or an empty map
   * @throws InvalidRequestException when the session was started with a key this client lacks
   */
  public Map<String, String> headersFor(UploadSession session) {
    String md5 = session.handles().get(KEY_MD5_HANDLE);
    if (md5 == null) {
      return Map.of();
    }
    String key = keysByMd5.get(md5);
    if (key == null) {
      throw new InvalidRequestException("session", "was started with an SSE-C customer key"
          + " (key MD5 " + md5 + ") that this client does not hold; every part needs it, and"
          + " unipart never stores it: build the client with customerKey(..) and that key");
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put(prefix + "server-side-encryption-customer-algorithm",
        session.handles().getOrDefault(ALGORITHM_HANDLE, "AES256"));
    h.put(prefix + "server-side-encryption-customer-key", key);
    h.put(prefix + "server-side-encryption-customer-key-MD5", md5);
    return h;
  }

  /**
   * Refuses to presign a part of an SSE-C session: whoever holds the URL would have to send the
   * key too, which a URL cannot carry safely.
   *
   * @param session the upload
   * @throws InvalidRequestException when the session uses a customer key
   */
  public static void checkPresignable(UploadSession session) {
    if (session.handles().containsKey(KEY_MD5_HANDLE)) {
      throw new InvalidRequestException("session", "uses an SSE-C customer key: a presigned URL"
          + " would need the holder to send that key too; send the parts with uploadPart");
    }
  }

  @Override
  public String toString() {
    return "CustomerKeys{" + keysByMd5.size() + " keys}";
  }
}
