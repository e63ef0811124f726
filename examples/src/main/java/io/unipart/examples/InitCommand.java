package io.unipart.examples;

import io.unipart.UploadRequest;
import io.unipart.InvalidRequestException;
import io.unipart.UploadSession;
import io.unipart.cognite.ClientCredentials;
import io.unipart.cognite.CogniteInitiateRequest;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosAcl;
import io.unipart.cos.CosCredentialsProvider;
import io.unipart.cos.CosInitiateRequest;
import io.unipart.cos.CosMultipartClient;
import io.unipart.cos.CosServerSideEncryption;
import io.unipart.cos.CosStorageClass;
import io.unipart.presigned.PresignedInitiateRequest;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumInitiateRequest;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentialsProvider;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import io.unipart.s3.ServerSideEncryption;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code init}: initiate one upload against any endpoint and print the session as JSON. */
final class InitCommand {
  private static final Set<String> S3_OPTIONS = Set.of("--endpoint", "--region", "--bucket",
      "--key", "--content-type", "--storage-class", "--meta", "--path-style", "--sse-c-key-file");
  private static final Set<String> COS_OPTIONS = Set.of("--endpoint", "--region", "--bucket",
      "--key", "--content-type", "--storage-class", "--acl", "--meta", "--sse-c-key-file");

  private static final Set<String> COGNITE_OPTIONS = Set.of("--base-url", "--project", "--name",
      "--external-id", "--mime-type", "--parts", "--content-length", "--overwrite");

  private static final Set<String> RUM_OPTIONS =
      Set.of("--base-url", "--app-id", "--version", "--env", "--overwrite");

  private static final Set<String> PRESIGNED_OPTIONS = Set.of("--base-url", "--project-id",
      "--file-name", "--parts", "--content-length", "--part-size", "--mime-type");

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
      case "cognite":
        a.allowOnly(dialect, COGNITE_OPTIONS);
        session = cognite(a, env);
        break;
      case "rum":
        a.allowOnly(dialect, RUM_OPTIONS);
        session = rum(a, env);
        break;
      case "presigned":
        a.allowOnly(dialect, PRESIGNED_OPTIONS);
        session = presigned(a, env);
        break;
      default:
        throw new UnipartCli.UsageException(
            "unknown dialect '" + dialect + "' (known: s3, cos, cognite, rum, presigned)");
    }
    out.println(session.toJson());
    return UnipartCli.OK;
  }

  private static UploadSession s3(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    S3InitiateRequest.Builder request =
        S3InitiateRequest.builder(UploadRequest.builder().key(a.require("--key"))
            .contentType(a.get("--content-type")).metadata(a.meta()).build())
            .storageClass(a.get("--storage-class"));
    byte[] key = customerKey(a);
    if (key != null) {
      request.serverSideEncryption(ServerSideEncryption.customerKey(key));
    }
    try (S3MultipartClient s3 = s3Client(a, env)) {
      return s3.initiate(request.build());
    }
  }

  /** The S3 client the connection options describe (credentials from the environment). */
  static S3MultipartClient s3Client(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    S3MultipartClient.Builder client =
        S3MultipartClient.builder()
            .endpoint(a.require("--endpoint"))
            .region(a.require("--region"))
            .bucket(a.require("--bucket"))
            .credentialsProvider(AwsCredentialsProvider.fromVariables(env::get));
    if (a.has("--path-style")) {
      client.pathStyle(true);
    }
    byte[] key = customerKey(a);
    if (key != null) {
      client.customerKey(ServerSideEncryption.customerKey(key));
    }
    return client.build();
  }

  /**
   * The SSE-C customer key in {@code --sse-c-key-file}: 32 raw bytes, or their base64 on one
   * line. A file, never an argument, so the key stays out of shell history and process lists.
   */
  static byte[] customerKey(Arguments a) throws UnipartCli.UsageException {
    String file = a.get("--sse-c-key-file");
    if (file == null) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
    } catch (java.io.IOException e) {
      throw new UnipartCli.UsageException("--sse-c-key-file " + file + " cannot be read");
    }
    if (bytes.length == 32) {
      return bytes;
    }
    try {
      byte[] decoded = java.util.Base64.getDecoder().decode(
          new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).trim());
      if (decoded.length == 32) {
        return decoded;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the usage error, which never echoes the file's content
    }
    throw new UnipartCli.UsageException("--sse-c-key-file must hold a 256-bit key: 32 raw bytes"
        + " or their base64 on one line");
  }

  /** The COS client the connection options describe (credentials from the environment). */
  static CosMultipartClient cosClient(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    CosMultipartClient.Builder client = CosMultipartClient.builder()
        .region(a.require("--region"))
        .bucket(a.require("--bucket"))
        .endpoint(a.get("--endpoint"))
        .credentialsProvider(CosCredentialsProvider.fromVariables(env::get));
    byte[] key = customerKey(a);
    if (key != null) {
      client.customerKey(CosServerSideEncryption.customerKey(key));
    }
    return client.build();
  }

  private static UploadSession cos(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    CosInitiateRequest.Builder request =
        CosInitiateRequest.builder(UploadRequest.builder().key(a.require("--key"))
            .contentType(a.get("--content-type")).metadata(a.meta()).build())
            .storageClass(storageClass(a.get("--storage-class")))
            .acl(acl(a.get("--acl")));
    byte[] key = customerKey(a);
    if (key != null) {
      request.serverSideEncryption(CosServerSideEncryption.customerKey(key));
    }
    try (CosMultipartClient cos = cosClient(a, env)) {
      return cos.initiate(request.build());
    }
  }

  private static UploadSession cognite(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    UploadRequest.Builder upload = UploadRequest.builder().key(a.require("--name"))
        .contentType(a.get("--mime-type")).overwrite(a.has("--overwrite"));
    if (a.get("--parts") != null && a.get("--content-length") != null) {
      throw new UnipartCli.UsageException("give --parts or --content-length, not both");
    }
    if (a.get("--parts") != null) {
      upload.partCount((int) number(a, "--parts"));
    } else if (a.get("--content-length") != null) {
      upload.contentLength(number(a, "--content-length"));
    } else {
      throw new UnipartCli.UsageException("--parts or --content-length is required");
    }
    CogniteInitiateRequest.Builder request = CogniteInitiateRequest.builder(upload.build())
        .externalId(a.get("--external-id"));
    CogniteInitiateRequest built = request.build();
    List<AutoCloseable> resources = new ArrayList<>();
    try (CogniteMultipartClient cdf = cogniteClient(a, env, resources)) {
      return cdf.initiate(built);
    } finally {
      closeAll(resources);
    }
  }

  /**
   * The Cognite client the connection options describe: a token from COGNITE_TOKEN, or OAuth
   * client credentials (added to {@code resources}, for the caller to close).
   */
  static CogniteMultipartClient cogniteClient(Arguments a, Map<String, String> env,
      List<AutoCloseable> resources) throws UnipartCli.UsageException {
    CogniteMultipartClient.Builder client =
        CogniteMultipartClient.builder()
            .baseUrl(a.require("--base-url"))
            .project(a.require("--project"))
            .appName("unipart-cli");
    String token = env.get("COGNITE_TOKEN");
    if (token != null && !token.isEmpty()) {
      client.token(token);
    } else if (env.get("COGNITE_TOKEN_URL") != null) {
      String scopes = env.getOrDefault("COGNITE_SCOPES", "");
      ClientCredentials oauth = ClientCredentials.builder()
          .tokenUrl(env.get("COGNITE_TOKEN_URL"))
          .clientId(env.get("COGNITE_CLIENT_ID"))
          .clientSecret(env.get("COGNITE_CLIENT_SECRET"))
          .scopes(scopes.isBlank() ? new String[0] : scopes.trim().split("[\\s,]+"))
          .build();
      resources.add(oauth);
      client.tokenSource(oauth);
    } else {
      throw new InvalidRequestException("token",
          "set COGNITE_TOKEN, or COGNITE_TOKEN_URL, COGNITE_CLIENT_ID, COGNITE_CLIENT_SECRET and"
              + " COGNITE_SCOPES");
    }
    return client.build();
  }

  static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // closing a token source cannot fail in a way the command could act on
      }
    }
  }

  /** The RUM client the connection options describe (API key from DF_API_KEY). */
  static RumSourcemapClient rumClient(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    return RumSourcemapClient.builder()
        .baseUrl(a.require("--base-url"))
        .apiKeySupplier(() -> env.get("DF_API_KEY"))
        .build();
  }

  /** The presigned-API client the connection options describe (PRESIGNED_API_TOKEN). */
  static PresignedMultipartClient presignedClient(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    return PresignedMultipartClient.builder()
        .baseUrl(a.require("--base-url"))
        .projectId(a.require("--project-id"))
        .bearerTokenSupplier(() -> env.get("PRESIGNED_API_TOKEN"))
        .build();
  }

  private static UploadSession rum(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    String version = a.get("--version") == null ? "" : a.get("--version");
    RumInitiateRequest.Builder request = RumInitiateRequest.builder(UploadRequest.builder()
            .key(version.isEmpty() ? "(no version)" : version)
            .overwrite(a.has("--overwrite")).build())
        .appId(a.require("--app-id"))
        .env(a.get("--env") == null ? "" : a.get("--env"));
    if (version.isEmpty()) {
      request.version("");
    }
    try (RumSourcemapClient rum = rumClient(a, env)) {
      return rum.initiate(request.build());
    }
  }

  private static UploadSession presigned(Arguments a, Map<String, String> env)
      throws UnipartCli.UsageException {
    UploadRequest.Builder upload = UploadRequest.builder().key(a.require("--file-name"))
        .contentType(a.get("--mime-type"));
    if (a.get("--parts") != null) {
      if (a.get("--part-size") != null) {
        throw new UnipartCli.UsageException("give --parts or --part-size, not both");
      }
      upload.partCount((int) number(a, "--parts"));
    } else if (a.get("--content-length") == null || a.get("--part-size") == null) {
      throw new UnipartCli.UsageException(
          "--parts, or --content-length with --part-size, is required");
    }
    if (a.get("--content-length") != null) {
      upload.contentLength(number(a, "--content-length"));
    }
    if (a.get("--part-size") != null) {
      upload.partSize(number(a, "--part-size"));
    }
    PresignedInitiateRequest.Builder request = PresignedInitiateRequest.builder(upload.build());
    PresignedInitiateRequest built = request.build();
    try (PresignedMultipartClient client = presignedClient(a, env)) {
      return client.initiate(built);
    }
  }

  static long number(Arguments a, String name) throws UnipartCli.UsageException {
    try {
      return Long.parseLong(a.get(name));
    } catch (NumberFormatException e) {
      throw new UnipartCli.UsageException(name + " must be a whole number (was '" + a.get(name)
          + "')");
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
