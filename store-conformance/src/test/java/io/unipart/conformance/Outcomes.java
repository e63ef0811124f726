package io.unipart.conformance;

import io.unipart.NotHonouredException;
import io.unipart.ServiceException;
import io.unipart.UploadFailedException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How a cell's failure is written in the matrix: status and code only, nothing that varies. */
final class Outcomes {
  private Outcomes() {}

  static String of(Throwable e) {
    Throwable t = e instanceof UploadFailedException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof NotHonouredException n) {
      return "not honoured: refused by unipart (" + n.feature() + ")";
    }
    if (t instanceof ServiceException s) {
      return "refused (" + s.httpStatus() + (s.errorCode() == null ? "" : " " + s.errorCode())
          + ")";
    }
    if (t instanceof S3Exception s) {
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      return "refused (" + s.statusCode() + (code == null ? "" : " " + code) + ")";
    }
    return "failed (" + t.getClass().getSimpleName() + ")";
  }
}
