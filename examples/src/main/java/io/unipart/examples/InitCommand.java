package io.unipart.examples;

import io.unipart.UploadSession;
import io.unipart.cos.CosAcl;
import io.unipart.cos.CosCredentialsProvider;
import io.unipart.cos.CosInitiateRequest;
import io.unipart.cos.CosMultipartClient;
import io.unipart.cos.CosStorageClass;
import io.unipart.s3.AwsCredentialsProvider;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code init}: initiate one upload against any endpoint and print the session as JSON. */
final class InitCommand {
  private static final Set<String> S3_OPTIONS = Set.of("--endpoint", "--region", "--bucket",
      "--key", "--content-type", "--storage-class", "--meta", "--path-style");
  private static final Set<String> COS_OPTIONS = Set.of("--endpoint", "--region", "--bucket",
      "--key", "--content-type", "--storage-class", "--acl", "--meta");

  private InitCommand() {}

  static int run(String[] args, PrintStream out, Map<String, String> env)
      throws UnipartCli.UsageException {
    Arguments a = Arguments.parse(args);
    String dialect = a.require("--dialect");
    UploadSession session;
    switch (dialect) {
      case "s3":
        a.allowOnly(dialect, S3_OPTIONS);
        session = s3(a, env);
        break;
      case "cos":
        a.allowOnly(dialect, COS_OPTIONS);
        session = cos(a, env);
        break;
      default:
        throw new UnipartCli.UsageException(
            "unknown dialect '" + dialect + "' (known: s3, cos)");
    }
    out.println(session.toJson());
    return UnipartCli.OK;
  }

  private static UploadSession s3(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    S3InitiateRequest request =
        S3InitiateRequest.builder()
            .key(a.require("--key"))
            .contentType(a.get("--content-type"))
            .storageClass(a.get("--storage-class"))
            .metadata(a.meta())
            .build();
    S3MultipartClient.Builder client =
        S3MultipartClient.builder()
            .endpoint(a.require("--endpoint"))
            .region(a.require("--region"))
            .bucket(a.require("--bucket"))
            .credentialsProvider(AwsCredentialsProvider.fromVariables(env::get));
    if (a.has("--path-style")) {
      client.pathStyle(true);
    }
    try (S3MultipartClient s3 = client.build()) {
      return s3.initiate(request);
    }
  }

  private static UploadSession cos(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    CosInitiateRequest request =
        CosInitiateRequest.builder()
            .key(a.require("--key"))
            .contentType(a.get("--content-type"))
            .storageClass(storageClass(a.get("--storage-class")))
            .acl(acl(a.get("--acl")))
            .metadata(a.meta())
            .build();
    try (CosMultipartClient cos =
        CosMultipartClient.builder()
            .region(a.require("--region"))
            .bucket(a.require("--bucket"))
            .endpoint(a.get("--endpoint"))
            .credentialsProvider(CosCredentialsProvider.fromVariables(env::get))
            .build()) {
      return cos.initiate(request);
    }
  }

  private static CosStorageClass storageClass(String value) throws UnipartCli.UsageException {
    if (value == null) {
      return null;
    }
    try {
      return CosStorageClass.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UnipartCli.UsageException("--storage-class must be one of "
          + Arrays.toString(CosStorageClass.values()) + " (was '" + value + "')");
    }
  }

  private static CosAcl acl(String value) throws UnipartCli.UsageException {
    if (value == null) {
      return null;
    }
    for (CosAcl acl : CosAcl.values()) {
      if (acl.wireValue().equals(value)) {
        return acl;
      }
    }
    throw new UnipartCli.UsageException(
        "--acl must be default, private or public-read (was '" + value + "')");
  }
}
