package io.unipart.internal.xml;

import io.unipart.PendingUpload;
import io.unipart.UploadedPart;
import io.unipart.internal.HttpDates;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads one page of S3's and COS's listings: {@code ListPartsResult} and {@code
 * ListMultipartUploadsResult}. An empty element reads as absent (an empty {@code <Size/>} is an
 * unknown size); a truncated page whose markers do not move on is refused, so paging always ends.
 */
final class UploadListing {
  private UploadListing() {}

  /** A page of parts, read after {@code marker}. */
  record PartsPage(List<UploadedPart> parts, boolean truncated, int next) {}

  /** A page of uploads. */
  record UploadsPage(List<PendingUpload> uploads, boolean truncated, String nextKey,
      String nextId) {}

  static PartsPage readParts(HttpResponse response, int marker) throws ResponseFormatException {
    XmlBodies.PartsPage doc = XmlBodies.read(response.body(), "ListPartsResult",
        XmlBodies.PartsPage.class);
    List<UploadedPart> parts = new ArrayList<>();
    for (XmlBodies.ListedPart p : doc.parts) {
      parts.add(part(p));
    }
    boolean truncated = isTrue(doc.truncated);
    int next = 0;
    if (truncated) {
      next = integer(doc.nextMarker, "NextPartNumberMarker");
      if (next <= marker) {
        throw new ResponseFormatException(
            "the part listing is truncated but NextPartNumberMarker " + next
                + " does not move past " + marker);
      }
    }
    return new PartsPage(parts, truncated, next);
  }

  static UploadsPage readUploads(String dialect, HttpResponse response, String bucket)
      throws ResponseFormatException {
    XmlBodies.UploadsPage doc = XmlBodies.read(response.body(), "ListMultipartUploadsResult",
        XmlBodies.UploadsPage.class);
    List<PendingUpload> uploads = new ArrayList<>();
    for (XmlBodies.ListedUpload u : doc.uploads) {
      String key = u.key;
      String id = u.uploadId;
      if (key == null || id == null || id.isEmpty()) {
        throw new ResponseFormatException("an Upload lacks its Key or UploadId");
      }
      uploads.add(PendingUpload.of(dialect, bucket, key, id.trim(), instant(u.initiated)));
    }
    return new UploadsPage(uploads, isTrue(doc.truncated), doc.nextKey,
        blankToNull(doc.nextUploadId));
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

  /** S3's ISO-8601 instant, or an HTTP date; null for anything else (COS's older samples). */
  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      return HttpDates.parse(text.trim());
    }
  }

  /** An element's text, null for an empty or absent one. */
  static String blankToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  private static boolean isTrue(String text) {
    return text != null && "true".equalsIgnoreCase(text.trim());
  }

  private static int integer(String value, String name) throws ResponseFormatException {
    try {
      return Integer.parseInt(Objects.requireNonNull(value, name).trim());
    } catch (RuntimeException e) {
      throw new ResponseFormatException(name + " is missing or not a number");
    }
  }
}
