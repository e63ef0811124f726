package io.unipart.internal.xml;

import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import java.util.ArrayList;
import java.util.List;

/** Reads one page of S3's and COS's {@code ListMultipartUploadsResult}. */
final class UploadListing {
  private UploadListing() {}

  static UploadsPage readUploads(String dialect, HttpResponse response, String bucket)
      throws ResponseFormatException {
    XmlBodies.UploadsPage doc = XmlBodies.read(response.body(), "ListMultipartUploadsResult",
        XmlBodies.UploadsPage.class);
    List<io.unipart.PendingUpload> uploads = new ArrayList<>();
    for (XmlBodies.ListedUpload u : doc.uploads) {
      String key = u.key;
      String id = u.uploadId;
      if (key == null || id == null || id.isEmpty()) {
        throw new ResponseFormatException("an Upload lacks its Key or UploadId");
      }
      uploads.add(io.unipart.PendingUpload.of(dialect, bucket, key, id.trim(),
          instant(u.initiated)));
    }
    boolean truncated = doc.truncated != null && "true".equalsIgnoreCase(doc.truncated.trim());
    return new UploadsPage(uploads, truncated, doc.nextKey, leafOrNull(doc.nextUploadId));
  }

  /** S3's ISO-8601 instant, or an HTTP date; null for anything else (COS's older samples). */
  private static java.time.Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return java.time.Instant.parse(text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      return io.unipart.internal.HttpDates.parse(text.trim());
    }
  }

  private static String leafOrNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  static final class UploadsPage {
    final List<io.unipart.PendingUpload> uploads;
    final boolean truncated;
    final String nextKey;
    final String nextId;

    UploadsPage(List<io.unipart.PendingUpload> uploads, boolean truncated, String nextKey,
        String nextId) {
      this.uploads = uploads;
      this.truncated = truncated;
      this.nextKey = nextKey;
      this.nextId = nextId;
    }
  }

}
