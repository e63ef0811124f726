package io.unipart.examples;

import io.unipart.InvalidRequestException;
import io.unipart.ServiceException;
import io.unipart.TransportException;
import io.unipart.UploadException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the command line words errors: one line, in the command's flags, never in the Java names
 * the library uses ({@code partSize}, {@code allowPlainHttp(true)}, {@code JdkHttpTransport}).
 */
public final class Errors {
  /** Library field names and the flags that set them. */
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("allowPlainHttp(true)", "--allow-plain-http");
    FLAGS.put("needCover(true) (overwrite(true))", "--overwrite");
    FLAGS.put("overwrite(true)", "--overwrite");
    FLAGS.put("partSize", "--part-size");
    FLAGS.put("partCount", "--parts");
    FLAGS.put("contentLength", "--content-length");
    FLAGS.put("contentType", "--content-type");
    FLAGS.put("storageClass", "--storage-class");
    FLAGS.put("customerKey", "--sse-c-key-file");
    FLAGS.put("trustedCertificates", "--ca-bundle");
    FLAGS.put("sse.kmsKeyId", "--sse-kms-key-id");
    FLAGS.put("metadata", "--meta");
    FLAGS.put("tags", "--tag");
    FLAGS.put("baseUrl", "--base-url");
    FLAGS.put("projectId", "--project-id");
    FLAGS.put("appId", "--app-id");
    FLAGS.put("externalId", "--external-id");
    FLAGS.put("concurrency", "--concurrency");
  }

  private static final Pattern FIELD = Pattern.compile(
      "(?<![\\w-])(" + String.join("|", FLAGS.keySet().stream().map(Pattern::quote).toList())
          + ")(?![\\w])");

  /** Single-word fields that are only renamed when they lead the message ({@code key: ...}). */
  private static final Map<String, String> LEADING = Map.of("key", "--key", "endpoint",
      "--endpoint", "region", "--region", "bucket", "--bucket", "env", "--env", "version",
      "--key", "checkpoint", "--checkpoint", "session", "--session", "file", "FILE");

  private Errors() {}

  /**
   * One clear line: error type, provider code, message, request id.
   *
   * @param e the failure
   * @return {@code error: ...}
   */
  public static String oneLine(UploadException e) {
    String type = e.getClass().getSimpleName();
    if (e instanceof ServiceException) {
      ServiceException s = (ServiceException) e;
      // the provider's own words stay as they are; only the library's advice is put in flags
      return "error: " + type + " (HTTP " + s.httpStatus()
          + (s.errorCode() == null ? "" : ", code " + s.errorCode()) + "): "
          + callsInFlags(s.errorMessage())
          + (s.requestId() == null ? "" : " [request id " + s.requestId() + "]");
    }
    if (e instanceof TransportException) {
      return "error: " + type + " after " + e.attempts() + " attempt(s): " + e.getMessage()
          + (untrustedCertificate(e) ? "; if the server has its own CA, give it with --ca-bundle"
              : "");
    }
    if (e instanceof InvalidRequestException) {
      return "error: " + inFlags(e.getMessage());
    }
    return "error: " + type + ": " + inFlags(e.getMessage());
  }

  /** Whether TLS failed because no trusted CA vouches for the server's certificate. */
  private static boolean untrustedCertificate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertPathBuilderException
          || t instanceof java.security.cert.CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }

  /** Only the library's builder calls, such as {@code overwrite(true)}, in flags. */
  static String callsInFlags(String message) {
    String text = message == null ? "" : message;
    for (Map.Entry<String, String> e : FLAGS.entrySet()) {
      if (e.getKey().endsWith(")")) {
        text = text.replace(e.getKey(), e.getValue());
      }
    }
    return text;
  }

  /**
   * A library message with its field names replaced by the flags that set them.
   *
   * @param message the message
   * @return the message in flags
   */
  static String inFlags(String message) {
    if (message == null) {
      return "";
    }
    String text = message;
    int colon = text.indexOf(':');
    if (colon > 0 && LEADING.containsKey(text.substring(0, colon))) {
      text = LEADING.get(text.substring(0, colon)) + text.substring(colon);
    }
    Matcher m = FIELD.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(FLAGS.get(m.group(1))));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
