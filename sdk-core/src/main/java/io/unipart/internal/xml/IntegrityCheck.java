package io.unipart.internal.xml;

import io.unipart.spi.HttpResponse;
import io.unipart.Checksum;
import io.unipart.InvalidRequestException;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.internal.Digests;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * The integrity checksums of the S3 family beyond {@code Content-MD5}: which one a session's parts
 * carry (S3's flexible checksum its session names, or COS's CRC-64), the local value of a part as
 * sent against the server's, and the object's checksum as the parts make it against the one
 * complete states. Stateless apart from the kind; thread-safe.
 */
final class IntegrityCheck {
  private final XmlMultipartProtocol.IntegrityChecksums kind;

  IntegrityCheck(XmlMultipartProtocol.IntegrityChecksums kind) {
    this.kind = kind;
  }

  /** S3's flexible checksum algorithms. */
  enum Flexible {
    CRC32(false, 4), CRC32C(false, 4), CRC64NVME(true, 8), SHA256(false, 32);

    final boolean fullObject;
    final int bytes;

    Flexible(boolean fullObject, int bytes) {
      this.fullObject = fullObject;
      this.bytes = bytes;
    }

    MessageDigest digest() {
      switch (this) {
        case CRC32:
          return io.unipart.internal.ChecksumDigest.crc32();
        case CRC32C:
          return io.unipart.internal.ChecksumDigest.crc32c();
        case CRC64NVME:
          return new io.unipart.internal.Crc64(io.unipart.internal.Crc64.Variant.NVME);
        default:
          return Digests.sha256();
      }
    }

    String header() {
      return "x-amz-checksum-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The length of the base64 value: {@code 4 * ceil(bytes / 3)}. */
    int base64Length() {
      return 4 * ((bytes + 2) / 3);
    }
  }

  /** The digest a part of this session is checksummed with, or null for none. */
  MessageDigest partDigest(Flexible flexible) {
    return flexible != null ? flexible.digest()
        : kind == XmlMultipartProtocol.IntegrityChecksums.COS_CRC64
            ? new io.unipart.internal.Crc64(io.unipart.internal.Crc64.Variant.ECMA) : null;
  }

  /** The response header that states a part's checksum, or null. */
  String partHeader(Flexible flexible) {
    return flexible != null ? flexible.header()
        : kind == XmlMultipartProtocol.IntegrityChecksums.COS_CRC64 ? COS_CRC64_HEADER : null;
  }

  /**
   * A part's checksum from its digest, held to the server's statement of it.
   *
   * @throws io.unipart.ChecksumMismatchException when the server states another
   */
  Checksum checkPart(int partNumber, Flexible flexible, byte[] digest, String server) {
    Checksum local = flexible != null
        ? Checksum.of(flexible.name(), Base64.getEncoder().encodeToString(digest))
        : Checksum.of(COS_CRC64, Long.toUnsignedString(java.nio.ByteBuffer.wrap(digest)
            .getLong()));
    if (server != null && !server.trim().equals(local.value())) {
      throw new io.unipart.ChecksumMismatchException("part " + partNumber, local.algorithm(),
          local.value(), server.trim());
    }
    return local;
  }

  /** A listed part with the flexible checksum its listing shows, if any. */
  static UploadedPart listed(XmlBodies.ListedPart p, UploadedPart part) {
    for (Flexible f : Flexible.values()) {
      String value = p.checksum(f.name());
      if (value != null && !value.isEmpty()) {
        return part.withChecksum(Checksum.of(f.name(), value.trim()));
      }
    }
    return part;
  }

  /** COS's CRC-64 header, and the algorithm name its checksums carry. */
  static final String COS_CRC64_HEADER = "x-cos-hash-crc64ecma";

  static final String COS_CRC64 = "CRC64ECMA";

  Flexible flexibleOf(UploadSession session) {
    if (kind != XmlMultipartProtocol.IntegrityChecksums.S3_FLEXIBLE) {
      return null;
    }
    String name = session.handles().get(XmlMultipartProtocol.CHECKSUM_ALGORITHM_HANDLE);
    if (name == null) {
      return null;
    }
    try {
      return Flexible.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("session", "names checksum algorithm " + name
          + ", which is not one of CRC32, CRC32C, CRC64NVME, SHA256");
    }
  }

  /**
   * The object's checksum as the parts make it, or null when a part lacks one: S3's composite
   * (the checksum of the parts' checksums, {@code -N}), or its full-object CRC-64/NVME; COS's
   * CRC-64 of the whole object, combined from the parts'.
   */
  private Checksum expectedObjectChecksum(UploadSession session, List<UploadedPart> parts) {
    Flexible flexible = flexibleOf(session);
    boolean cos = kind == XmlMultipartProtocol.IntegrityChecksums.COS_CRC64;
    if ((flexible == null && !cos) || parts.isEmpty()) {
      return null;
    }
    String name = cos ? COS_CRC64 : flexible.name();
    MessageDigest composite = flexible == null || flexible.fullObject ? null : flexible.digest();
    long combined = 0;
    io.unipart.internal.Crc64.Variant variant = cos ? io.unipart.internal.Crc64.Variant.ECMA
        : io.unipart.internal.Crc64.Variant.NVME;
    boolean first = true;
    for (UploadedPart p : parts) {
      if (p.checksum().isEmpty() || !p.checksum().get().algorithm().equals(name)
          || p.size() < 0) {
        return null;
      }
      String value = p.checksum().get().value();
      if (composite != null) {
        composite.update(Base64.getDecoder().decode(value));
        continue;
      }
      long crc = cos ? Long.parseUnsignedLong(value)
          : java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(value)).getLong();
      combined = first ? crc : io.unipart.internal.Crc64.combine(variant, combined, crc, p.size());
      first = false;
    }
    if (composite != null) {
      return Checksum.of(name, Base64.getEncoder().encodeToString(composite.digest()) + "-"
          + parts.size());
    }
    return Checksum.of(name, cos ? Long.toUnsignedString(combined)
        : Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(8).putLong(combined)
            .array()));
  }

  /** Holds the object's checksum the server stated to the one the parts make. */
  UploadResult checkObject(UploadSession session, List<UploadedPart> parts,
      UploadResult result) {
    Checksum expected = expectedObjectChecksum(session, parts);
    if (expected != null && result.checksum().isPresent()
        && !expected.value().equals(result.checksum().get().value())) {
      throw new io.unipart.ChecksumMismatchException("the object \"" + session.key() + "\"",
          expected.algorithm(), expected.value(), result.checksum().get().value());
    }
    return result;
  }

  /** The object's checksum complete stated: S3's {@code <ChecksumX>}, COS's CRC-64 header. */
  Checksum objectChecksum(UploadSession session, XmlBodies.CompleteResult doc,
      HttpResponse response) {
    Flexible flexible = flexibleOf(session);
    String value = flexible != null ? (doc == null ? response.header(flexible.header())
        : doc.checksum(flexible.name()))
        : kind == XmlMultipartProtocol.IntegrityChecksums.COS_CRC64
            ? response.header(COS_CRC64_HEADER) : null;
    if (value == null || value.isBlank()) {
      return null;
    }
    return Checksum.of(flexible != null ? flexible.name() : COS_CRC64, value.trim());
  }

}
