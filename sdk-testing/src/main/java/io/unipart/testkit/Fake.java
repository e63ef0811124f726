package io.unipart.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testkit.LocalHttpStub.Request;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What every fake does around its provider's rules: records each request, applies the fault
 * switches (throttling to any call, failures and delays to parts), and keeps what landed.
 */
abstract class Fake implements Function<Request, Reply> {
  static final ObjectMapper JSON = new ObjectMapper();

  final Faults faults = new Faults();
  final List<SeenRequest> seen = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Landed> landed = new ConcurrentHashMap<>();

  /** The dialect's name, as unipart's clients give it. */
  abstract String dialect();

  /** The part this request sends (from 1), or 0 when it sends none. */
  abstract int partNumber(Request request);

  /** The provider's answer. */
  abstract Reply handle(Request request);

  /** The provider's throttling answer. */
  abstract Reply throttled();

  /** The provider's answer to a part that failed on its side. */
  abstract Reply partFailure(int status);

  /** The key of each upload started and neither completed nor aborted. */
  abstract List<String> openKeys();

  /** The parts those uploads hold. */
  abstract int heldParts();

  @Override
  public final Reply apply(Request request) {
    seen.add(SeenRequest.of(request));
    if (faults.takeThrottle()) {
      return throttled();
    }
    int part = partNumber(request);
    if (part > 0) {
      faults.delayPart();
      int status = faults.takePartFailure(part);
      if (status > 0) {
        return partFailure(status);
      }
    }
    return handle(request);
  }

  /** The part an S3-style PUT sends ({@code ?partNumber=}), or 0. */
  static int s3PartNumber(Request request) {
    String n = request.method().equals("PUT") ? query(request, "partNumber") : null;
    return n == null ? 0 : Integer.parseInt(n);
  }

  /** S3's and COS's throttling answer. */
  static Reply s3Throttled(String requestId) {
    return xmlError(503, "SlowDown", "Please reduce your request rate.", requestId);
  }

  /** S3's and COS's answer to a part that failed on their side. */
  static Reply s3PartFailure(int status, String requestId) {
    return xmlError(status, status == 503 ? "ServiceUnavailable" : "InternalError",
        "We encountered an internal error. Please try again.", requestId);
  }

  static Reply json(int status, String body) {
    return Reply.of(status, "application/json", body);
  }

  /** S3's XML error body, which COS and presigned storage URLs share. */
  static Reply xmlError(int status, String code, String message, String requestId) {
    return Reply.of(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<Error><Code>" + code + "</Code><Message>" + message + "</Message><RequestId>"
        + requestId + "</RequestId></Error>");
  }

  static JsonNode body(Request request) {
    try {
      JsonNode node = JSON.readTree(request.bodyText());
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** A query parameter, decoded; "" when present without a value; null when absent. */
  static String query(Request request, String name) {
    String q = request.rawQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      String n = eq < 0 ? pair : pair.substring(0, eq);
      if (n.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bytes of parts 1..n, joined in order. */
  static byte[] join(List<byte[]> parts) {
    int size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
