package io.unipart.testkit;

import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testkit.LocalHttpStub.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tencent COS's multipart lifecycle, as its API documents it: Initiate, Upload Part (the {@code
 * Content-MD5} checked against the bytes), List Parts, List Multipart Uploads, Complete (parts
 * consecutive from 1, each ETag the one returned), Abort, and HEAD on a completed object. The
 * {@code Authorization} header must carry {@code q-sign-algorithm=sha1}, this fake's SecretId and
 * the signed header list; the docs leave the HMAC to the SDKs, and the fake does not recompute
 * it (unipart checks its COS signature against Tencent's own SDK elsewhere).
 */
final class CosFake extends Fake {
  private static final Pattern PART =
      Pattern.compile("<PartNumber>(\\d+)</PartNumber>\\s*<ETag>([^<]*)</ETag>");

  private final String bucket;
  private final String secretId;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Map<String, String> etags = new ConcurrentHashMap<>();

  private record Upload(String key, Instant started, Map<Integer, byte[]> parts,
      Map<Integer, String> etags) {}

  CosFake(String bucket, String secretId) {
    this.bucket = bucket;
    this.secretId = secretId;
  }

  @Override
  String dialect() {
    return "cos";
  }

  @Override
  int partNumber(Request request) {
    return s3PartNumber(request);
  }

  @Override
  Reply throttled() {
    return s3Throttled(requestId());
  }

  @Override
  Reply partFailure(int status) {
    return s3PartFailure(status, requestId());
  }

  @Override
  List<String> openKeys() {
    return uploads.values().stream().map(Upload::key).toList();
  }

  @Override
  int heldParts() {
    return uploads.values().stream().mapToInt(u -> u.parts().size()).sum();
  }

  @Override
  Reply handle(Request request) {
    String auth = request.header("Authorization");
    boolean signed = auth != null
        && auth.startsWith("q-sign-algorithm=sha1&q-ak=" + secretId + "&q-sign-time=")
        && auth.contains("&q-header-list=") && auth.contains("host")
        && auth.contains("&q-signature=");
    if (!signed) {
      return xmlError(403, "AccessDenied", "Access Denied.", requestId());
    }
    String key = URLDecoder.decode(request.rawPath().substring(1).replace("+", "%2B"),
        StandardCharsets.UTF_8);
    String uploadId = query(request, "uploadId");
    switch (request.method()) {
      case "GET":
        if (request.rawQuery() != null && request.rawQuery().startsWith("uploads")) {
          return listUploads(query(request, "prefix"));
        }
        return uploadId != null ? listParts(uploadId)
            : xmlError(405, "MethodNotAllowed", "The specified method is not allowed.",
                requestId());
      case "HEAD": {
        String etag = etags.get(key);
        return etag == null ? Reply.of(404, "application/xml", "")
            : ok("").header("ETag", etag);
      }
      case "POST":
        if ("uploads".equals(request.rawQuery())) {
          String id = Instant.now().getEpochSecond() + UUID.randomUUID().toString()
              .replace("-", "");
          uploads.put(id, new Upload(key, Instant.now(), new ConcurrentHashMap<>(),
              new ConcurrentHashMap<>()));
          return ok("<InitiateMultipartUploadResult><Bucket>" + bucket + "</Bucket><Key>"
              + xml(key) + "</Key><UploadId>" + id + "</UploadId>"
              + "</InitiateMultipartUploadResult>");
        }
        return complete(key, uploadId, request);
      case "PUT":
        return part(uploadId, partNumber(request), request);
      case "DELETE":
        return uploadId == null || uploads.remove(uploadId) == null ? noSuchUpload()
            : Reply.of(204, "application/xml", "").header("x-cos-request-id", requestId());
      default:
        return xmlError(405, "MethodNotAllowed", "The specified method is not allowed.",
            requestId());
    }
  }

  private Reply part(String uploadId, int n, Request request) {
    Upload u = uploadId == null ? null : uploads.get(uploadId);
    if (u == null) {
      return noSuchUpload();
    }
    if (n < 1 || n > 10_000) {
      return xmlError(400, "InvalidArgument", "Part number must be an integer between 1 and"
          + " 10000, inclusive", requestId());
    }
    byte[] body = request.body();
    byte[] md5 = md5(body);
    String declared = request.header("Content-MD5");
    if (declared != null && !declared.equals(Base64.getEncoder().encodeToString(md5))) {
      return xmlError(400, "InvalidDigest", "The Content-MD5 you specified is not valid.",
          requestId());
    }
    String etag = "\"" + HexFormat.of().formatHex(md5) + "\"";
    u.parts().put(n, body);
    u.etags().put(n, etag);
    return ok("").header("ETag", etag);
  }

  private Reply listParts(String uploadId) {
    Upload u = uploads.get(uploadId);
    if (u == null) {
      return noSuchUpload();
    }
    StringBuilder x = new StringBuilder("<ListPartsResult><Bucket>" + bucket + "</Bucket><Key>"
        + xml(u.key()) + "</Key><UploadId>" + uploadId + "</UploadId>"
        + "<IsTruncated>false</IsTruncated>");
    new TreeMap<>(u.etags()).forEach((n, etag) -> x.append("<Part><PartNumber>").append(n)
        .append("</PartNumber><ETag>").append(xml(etag)).append("</ETag><Size>")
        .append(u.parts().get(n).length).append("</Size></Part>"));
    return ok(x.append("</ListPartsResult>").toString());
  }

  /** One page: the fake never holds 1,000 uploads. */
  private Reply listUploads(String prefix) {
    StringBuilder x = new StringBuilder("<ListMultipartUploadsResult><Bucket>" + bucket
        + "</Bucket><IsTruncated>false</IsTruncated>");
    uploads.forEach((id, u) -> {
      if (prefix == null || u.key().startsWith(prefix)) {
        x.append("<Upload><Key>").append(xml(u.key())).append("</Key><UploadId>").append(id)
            .append("</UploadId><Initiated>").append(u.started()).append("</Initiated></Upload>");
      }
    });
    return ok(x.append("</ListMultipartUploadsResult>").toString());
  }

  private Reply complete(String key, String uploadId, Request request) {
    Upload u = uploadId == null ? null : uploads.get(uploadId);
    if (u == null) {
      return noSuchUpload();
    }
    Matcher m = PART.matcher(request.bodyText());
    int expected = 1;
    StringBuilder joined = new StringBuilder();
    List<byte[]> parts = new ArrayList<>();
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      String etag = m.group(2).replace("&quot;", "\"");
      if (n != expected++ || !etag.equals(u.etags().get(n))) {
        return xmlError(400, "InvalidPart", "One or more of the specified parts could not be"
            + " found, or the part numbers are not consecutive.", requestId());
      }
      joined.append(etag);
      parts.add(u.parts().get(n));
    }
    uploads.remove(uploadId);
    String etag = "\"" + HexFormat.of().formatHex(md5(joined.toString()
        .getBytes(StandardCharsets.UTF_8))) + "-" + parts.size() + "\"";
    etags.put(key, etag);
    landed.put(key, new Landed(key, join(parts), parts.size()));
    return ok("<CompleteMultipartUploadResult><Location>" + bucket + ".cos.ap-beijing.myqcloud"
        + ".com/" + xml(key) + "</Location><Bucket>" + bucket + "</Bucket><Key>" + xml(key)
        + "</Key><ETag>" + xml(etag) + "</ETag></CompleteMultipartUploadResult>");
  }

  private Reply noSuchUpload() {
    return xmlError(404, "NoSuchUpload", "The specified upload does not exist.", requestId());
  }

  private static Reply ok(String body) {
    return Reply.of(200, "application/xml", body).header("x-cos-request-id", requestId());
  }

  private static String requestId() {
    return "NWU3YjJk" + UUID.randomUUID().toString().substring(0, 12);
  }
}
