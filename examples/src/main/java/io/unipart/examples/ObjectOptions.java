package io.unipart.examples;

import io.unipart.ObjectHeaders;
import io.unipart.MultipartClient;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.cognite.CogniteInitiateRequest;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosAcl;
import io.unipart.cos.CosInitiateRequest;
import io.unipart.cos.CosMultipartClient;
import io.unipart.cos.CosServerSideEncryption;
import io.unipart.cos.CosStorageClass;
import io.unipart.presigned.PresignedInitiateRequest;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumInitiateRequest;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.CannedAcl;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import io.unipart.s3.ServerSideEncryption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * What is uploaded and how the provider stores it: the key, its type and metadata, and each
 * dialect's own options (storage class, ACL, encryption, Cognite's external id, RUM's env). The
 * same flags serve {@code init} and {@code upload}.
 */
final class ObjectOptions {
  /** The object flags each dialect takes. */
  static final Map<String, Set<String>> FLAGS = Map.of(
      "s3", Set.of("--key", "--content-type", "--meta", "--tag", "--cache-control",
          "--content-disposition", "--content-encoding", "--expires", "--storage-class", "--acl",
          "--sse", "--sse-kms-key-id", "--no-overwrite"),
      "cos", Set.of("--key", "--content-type", "--meta", "--tag", "--cache-control",
          "--content-disposition", "--content-encoding", "--expires", "--storage-class", "--acl",
          "--sse", "--sse-kms-key-id", "--no-overwrite"),
      "cognite", Set.of("--key", "--name", "--content-type", "--mime-type", "--meta",
          "--external-id", "--directory", "--overwrite"),
      "rum", Set.of("--key", "--version", "--env", "--overwrite"),
      "presigned", Set.of("--key", "--file-name", "--content-type", "--mime-type",
          "--url-expiry-hours"));

  /** Flags that need a typed request, not the neutral one. */
  private static final Set<String> TYPED = Set.of("--tag", "--cache-control",
      "--content-disposition", "--content-encoding", "--expires", "--storage-class", "--acl", "--sse", "--sse-kms-key-id",
      "--external-id", "--directory", "--env", "--url-expiry-hours");

  @Option(names = "--key", paramLabel = "KEY", order = 20,
      description = "the object key (s3, cos), file name (cognite, presigned) or sourcemap"
          + " version (rum)")
  String key;

  @Option(names = "--name", paramLabel = "NAME", hidden = true,
      description = "(cognite) older spelling of --key")
  void cogniteName(String value) {
    key = value;
  }

  @Option(names = "--file-name", paramLabel = "NAME", hidden = true,
      description = "(presigned) older spelling of --key")
  void presignedFileName(String value) {
    key = value;
  }

  @Option(names = "--version", paramLabel = "VERSION", hidden = true,
      description = "(rum) older spelling of --key")
  void rumVersion(String value) {
    key = value;
  }

  @Option(names = "--content-type", paramLabel = "TYPE", order = 21,
      description = "(s3, cos, cognite, presigned) the media type, e.g. video/mp4")
  String contentType;

  @Option(names = "--mime-type", paramLabel = "TYPE", hidden = true,
      description = "older spelling of --content-type")
  void legacyContentType(String value) {
    contentType = value;
  }

  @Option(names = "--meta", paramLabel = "NAME=VALUE", order = 22,
      description = "(s3, cos, cognite) user metadata; repeatable")
  Map<String, String> meta = new LinkedHashMap<>();

  @Option(names = "--tag", paramLabel = "NAME=VALUE", order = 23,
      description = "(s3, cos) an object tag; repeatable")
  Map<String, String> tags = new LinkedHashMap<>();

  @Option(names = "--cache-control", paramLabel = "VALUE", order = 24,
      description = "(s3, cos) Cache-Control stored with the object")
  String cacheControl;

  @Option(names = "--content-disposition", paramLabel = "VALUE", order = 25,
      description = "(s3, cos) Content-Disposition stored with the object")
  String contentDisposition;

  @Option(names = "--content-encoding", paramLabel = "VALUE", order = 25,
      description = "(s3, cos) the Content-Encoding the object is served with, e.g. gzip")
  String contentEncoding;

  @Option(names = "--expires", paramLabel = "DATE", order = 25,
      description = "(s3, cos) the Expires the object is served with: an HTTP date, or an"
          + " ISO-8601 instant such as 2027-01-01T00:00:00Z")
  String expires;

  @Option(names = "--no-overwrite", order = 32,
      description = "(s3, cos) never replace an existing object: the store refuses the upload"
          + " (If-None-Match: * / x-cos-forbid-overwrite, on complete) and the tool exits 1")
  boolean noOverwrite;

  @Option(names = "--storage-class", paramLabel = "CLASS", order = 26,
      description = "(s3, cos) e.g. STANDARD_IA; cos takes "
          + "STANDARD, STANDARD_IA, ARCHIVE, DEEP_ARCHIVE, INTELLIGENT_TIERING, MAZ_STANDARD,"
          + " MAZ_STANDARD_IA and MAZ_INTELLIGENT_TIERING")
  String storageClass;

  @Option(names = "--acl", paramLabel = "ACL", order = 27,
      description = "(s3, cos) a canned ACL: private, public-read, ...; cos takes default,"
          + " private or public-read")
  String acl;

  @Option(names = "--sse", paramLabel = "MODE", order = 28,
      description = "(s3, cos) server-side encryption with provider keys: s3: AES256 or aws:kms;"
          + " cos: AES256 or cos/kms (SSE-C: --sse-c-key-file)")
  String sse;

  @Option(names = "--sse-kms-key-id", paramLabel = "ID", order = 29,
      description = "(s3, cos) the KMS key for --sse aws:kms or cos/kms")
  String kmsKeyId;

  @Option(names = "--external-id", paramLabel = "ID", order = 30,
      description = "(cognite) the file's external id")
  String externalId;

  @Option(names = "--directory", paramLabel = "DIR", order = 31,
      description = "(cognite) the file's directory")
  String directory;

  @Option(names = "--overwrite", order = 32,
      description = "(cognite, rum) replace an existing file or sourcemap")
  boolean overwrite;

  @Option(names = "--env", paramLabel = "ENV", order = 33,
      description = "(rum) the environment the sourcemap is for, e.g. production")
  String env;

  @Option(names = "--url-expiry-hours", paramLabel = "HOURS", order = 34,
      description = "(presigned) how long the part URLs stay valid")
  Integer urlExpiryHours;

  /** Whether the flags given need a typed request. */
  static boolean typed(Set<String> given) {
    return given.stream().anyMatch(TYPED::contains);
  }

  /** The neutral request: key, type, metadata and overwrite, plus what the caller adds. */
  UploadRequest.Builder neutral(String dialect) throws UsageException {
    UploadRequest.Builder b = UploadRequest.builder()
        .key(dialect.equals("rum") && (key == null || key.isEmpty()) ? "(no version)"
            : UsageException.require("--key", key))
        .contentType(contentType)
        .metadata(meta);
    if (overwrite) {
      b.overwrite(true);
    }
    if (noOverwrite) {
      b.overwrite(false);
    }
    return b;
  }

  /**
   * Checks the typed values (ACL, storage class, encryption) before any client is built, so a
   * bad value is a usage error whatever the credentials.
   */
  void check(String dialect, Connection connection) throws UsageException {
    if (dialect.equals("s3")) {
      s3Acl();
      s3Encryption(connection);
      objectHeaders();
    } else if (dialect.equals("cos")) {
      objectHeaders();
      cosAcl();
      cosStorageClass();
      cosEncryption(connection);
    }
  }

  /**
   * Cache-Control, Content-Disposition, Content-Encoding, Expires and tags, as S3 and COS take
   * them.
   */
  private ObjectHeaders objectHeaders() throws UsageException {
    ObjectHeaders.Builder h = ObjectHeaders.builder()
        .cacheControl(cacheControl).contentDisposition(contentDisposition)
        .contentEncoding(contentEncoding);
    if (expires != null) {
      try {
        h.expires(Instant.parse(expires));
      } catch (DateTimeParseException notIso) {
        try {
          DateTimeFormatter.RFC_1123_DATE_TIME.parse(expires);
          h.expires(expires);
        } catch (DateTimeParseException e) {
          throw new UsageException("--expires must be an HTTP date (Wed, 21 Oct 2026 07:28:00"
              + " GMT) or an ISO-8601 instant (2026-10-21T07:28:00Z) (was '" + expires + "')");
        }
      }
    }
    tags.forEach(h::tag);
    return h.build();
  }

  /** Starts the upload with the dialect's typed request. */
  UploadSession initiate(MultipartClient client, UploadRequest upload, Connection connection)
      throws UsageException {
    if (client instanceof S3MultipartClient s3) {
      S3InitiateRequest.Builder r = S3InitiateRequest.builder(upload)
          .storageClass(storageClass).objectHeaders(objectHeaders()).acl(s3Acl());
      ServerSideEncryption e = s3Encryption(connection);
      if (e != null) {
        r.serverSideEncryption(e);
      }
      return s3.initiate(r.build());
    }
    if (client instanceof CosMultipartClient cos) {
      CosInitiateRequest.Builder r = CosInitiateRequest.builder(upload)
          .storageClass(cosStorageClass()).objectHeaders(objectHeaders()).acl(cosAcl());
      CosServerSideEncryption e = cosEncryption(connection);
      if (e != null) {
        r.serverSideEncryption(e);
      }
      return cos.initiate(r.build());
    }
    if (client instanceof CogniteMultipartClient cdf) {
      return cdf.initiate(CogniteInitiateRequest.builder(upload).externalId(externalId)
          .directory(directory).build());
    }
    if (client instanceof RumSourcemapClient rum) {
      RumInitiateRequest.Builder r = RumInitiateRequest.builder(upload)
          .appId(connection.appId).env(env == null ? "" : env);
      if (key == null || key.isEmpty()) {
        r.version("");
      }
      return rum.initiate(r.build());
    }
    PresignedInitiateRequest.Builder r = PresignedInitiateRequest.builder(upload);
    if (urlExpiryHours != null) {
      r.presignedUrlExpiryTimeHours(urlExpiryHours);
    }
    return ((PresignedMultipartClient) client).initiate(r.build());
  }

  private CannedAcl s3Acl() throws UsageException {
    if (acl == null) {
      return null;
    }
    for (CannedAcl a : CannedAcl.values()) {
      if (a.wireValue().equals(acl)) {
        return a;
      }
    }
    throw new UsageException("--acl must be one of " + Arrays.stream(CannedAcl.values())
        .map(CannedAcl::wireValue).collect(Collectors.joining(", ")) + " (was '" + acl + "')");
  }

  private CosAcl cosAcl() throws UsageException {
    if (acl == null) {
      return null;
    }
    for (CosAcl a : CosAcl.values()) {
      if (a.wireValue().equals(acl)) {
        return a;
      }
    }
    throw new UsageException("--acl must be one of " + Arrays.stream(CosAcl.values())
        .map(CosAcl::wireValue).collect(Collectors.joining(", ")) + " (was '" + acl + "')");
  }

  private CosStorageClass cosStorageClass() throws UsageException {
    if (storageClass == null) {
      return null;
    }
    try {
      return CosStorageClass.valueOf(storageClass.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--storage-class must be one of "
          + Arrays.stream(CosStorageClass.values()).map(Enum::name)
              .collect(Collectors.joining(", ")) + " (was '" + storageClass + "')");
    }
  }

  private ServerSideEncryption s3Encryption(Connection connection) throws UsageException {
    byte[] customerKey = connection.customerKey();
    if (customerKey != null) {
      if (sse != null || kmsKeyId != null) {
        throw new UsageException("give --sse or --sse-c-key-file, not both");
      }
      return ServerSideEncryption.customerKey(customerKey);
    }
    if (sse == null) {
      if (kmsKeyId != null) {
        throw new UsageException("--sse-kms-key-id needs --sse aws:kms");
      }
      return null;
    }
    switch (sse) {
      case "AES256":
        if (kmsKeyId != null) {
          throw new UsageException("--sse-kms-key-id needs --sse aws:kms, not AES256");
        }
        return ServerSideEncryption.s3();
      case "aws:kms":
        return kmsKeyId == null ? ServerSideEncryption.kms() : ServerSideEncryption.kms(kmsKeyId);
      default:
        throw new UsageException("--sse must be AES256 or aws:kms for s3 (was '" + sse + "');"
            + " for SSE-C use --sse-c-key-file");
    }
  }

  private CosServerSideEncryption cosEncryption(Connection connection) throws UsageException {
    byte[] customerKey = connection.customerKey();
    if (customerKey != null) {
      if (sse != null || kmsKeyId != null) {
        throw new UsageException("give --sse or --sse-c-key-file, not both");
      }
      return CosServerSideEncryption.customerKey(customerKey);
    }
    if (sse == null) {
      if (kmsKeyId != null) {
        throw new UsageException("--sse-kms-key-id needs --sse cos/kms");
      }
      return null;
    }
    switch (sse) {
      case "AES256":
        if (kmsKeyId != null) {
          throw new UsageException("--sse-kms-key-id needs --sse cos/kms, not AES256");
        }
        return CosServerSideEncryption.cos();
      case "cos/kms":
        return CosServerSideEncryption.kms(kmsKeyId, null);
      default:
        throw new UsageException("--sse must be AES256 or cos/kms for cos (was '" + sse + "');"
            + " for SSE-C use --sse-c-key-file");
    }
  }
}
