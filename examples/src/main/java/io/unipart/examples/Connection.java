package io.unipart.examples;

import io.unipart.ClientBuilder;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartClient;
import io.unipart.cognite.ClientCredentials;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosCredentialsProvider;
import io.unipart.cos.CosMultipartClient;
import io.unipart.cos.CosServerSideEncryption;
import io.unipart.http.JdkHttpTransport;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentialsProvider;
import io.unipart.s3.ChecksumAlgorithm;
import io.unipart.s3.S3MultipartClient;
import io.unipart.s3.ServerSideEncryption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where uploads go and how to reach it: the dialect, its endpoint or base URL, and its
 * destination. Credentials never come from flags, only from the environment (see each command's
 * help), so they stay out of shell history and process lists.
 */
final class Connection {
  static final List<String> DIALECTS = List.of("s3", "cos", "cognite", "rum", "presigned");

  /** The connection flags each dialect takes. */
  static final Map<String, Set<String>> FLAGS = Map.of(
      "s3", Set.of("--endpoint", "--region", "--aws", "--jdcloud", "--store", "--bucket",
          "--path-style", "--checksum-algorithm", "--trust-store-checks",
          "--sse-c-key-file", "--allow-plain-http", "--ca-bundle"),
      "cos", Set.of("--endpoint", "--region", "--bucket", "--sse-c-key-file",
          "--allow-plain-http", "--ca-bundle"),
      "cognite", Set.of("--base-url", "--project", "--allow-plain-http", "--ca-bundle"),
      "rum", Set.of("--base-url", "--app-id", "--allow-plain-http", "--ca-bundle"),
      "presigned", Set.of("--base-url", "--project-id", "--allow-plain-http", "--ca-bundle"));

  /** Every connection flag of every dialect. */
  static final Set<String> ALL_FLAGS = FLAGS.values().stream().flatMap(Set::stream)
      .collect(Collectors.toUnmodifiableSet());

  /** Flags every command takes whatever the dialect. */
  static final Set<String> ALWAYS = Set.of("--dialect", "--debug", "--quiet", "--help");

  @Option(names = "--dialect", paramLabel = "DIALECT", order = 1,
      description = "s3 (any S3-compatible endpoint), cos, cognite, rum or presigned")
  String dialect;

  @Option(names = "--endpoint", paramLabel = "URL", order = 2,
      description = "(s3, cos) the service endpoint, e.g. https://s3.eu-central-1.amazonaws.com;"
          + " for cos the default is https://<bucket>.cos.<region>.myqcloud.com")
  String endpoint;

  @Option(names = "--region", paramLabel = "REGION", order = 3,
      description = "(s3, cos) the signing region; s3 falls back to AWS_REGION, then"
          + " AWS_DEFAULT_REGION")
  String region;

  @Option(names = "--aws", paramLabel = "REGION", order = 4,
      description = "(s3) AWS S3 in REGION: sets --endpoint and --region")
  String aws;

  @Option(names = "--jdcloud", paramLabel = "REGION", order = 5,
      description = "(s3) JDCloud OSS in REGION: sets --endpoint and --region")
  String jdcloud;

  @Option(names = "--store", paramLabel = "STORE", order = 5,
      description = "(s3) the S3 implementation behind --endpoint, for what it takes and checks:"
          + " ceph, swift or minio (see docs/COMPATIBILITY.md); --region then defaults to"
          + " us-east-1")
  String store;

  @Option(names = "--bucket", paramLabel = "BUCKET", order = 6,
      description = "(s3, cos) the bucket; for cos NAME-APPID")
  String bucket;

  @Option(names = "--path-style", order = 7,
      description = "(s3) address the bucket in the path, not the host name (MinIO, Ceph)")
  boolean pathStyle;

  @Option(names = "--checksum-algorithm", paramLabel = "ALGORITHM", order = 7,
      description = "(s3) a flexible checksum on every part and the object: CRC32, CRC32C,"
          + " CRC64NVME or SHA256 (default: CRC32 on AWS, none elsewhere)")
  String checksumAlgorithm;

  @Option(names = "--trust-store-checks", order = 7,
      description = "(s3) take the store's checks of each part (Content-MD5, signed SHA-256,"
          + " chunk signatures) on trust instead of probing them once before the first part;"
          + " for a store you have tested (AWS and --store presets need no flag)")
  boolean trustStoreChecks;

  @Option(names = "--base-url", paramLabel = "URL", order = 8,
      description = "(cognite, rum, presigned) the API's base URL")
  String baseUrl;

  @Option(names = "--project", paramLabel = "PROJECT", order = 9,
      description = "(cognite) the CDF project")
  String project;

  @Option(names = "--project-id", paramLabel = "ID", order = 10,
      description = "(presigned) the project id")
  String projectId;

  @Option(names = "--app-id", paramLabel = "APP", order = 11,
      description = "(rum) the RUM application id")
  String appId;

  @Option(names = "--sse-c-key-file", paramLabel = "PATH", order = 12,
      description = "(s3, cos) SSE-C: a file holding the 256-bit key, 32 raw bytes or their"
          + " base64 on one line (never an argument)")
  Path customerKeyFile;

  @Option(names = "--allow-plain-http", order = 13,
      description = "allow an http:// endpoint on another machine (credentials and data cross"
          + " the network unencrypted); http to this machine needs no flag")
  boolean allowPlainHttp;

  @Option(names = "--ca-bundle", paramLabel = "FILE", order = 14,
      description = "PEM file of CA certificates to trust besides the JVM's, for a store with its"
          + " own CA (Ceph, MinIO); host names are still checked. s3 falls back to AWS_CA_BUNDLE")
  Path caBundle;

  /** The CA bundle the last client was built with (the flag's, or AWS_CA_BUNDLE's), or null. */
  Path caBundleInUse;

  /**
   * The host the uploads go to, as the flags name it, or null where they do not say (a cos
   * endpoint left to its default is {@code <bucket>.cos.<region>.myqcloud.com}).
   */
  String host() {
    try {
      if (endpoint != null) {
        String url = endpoint.contains("://") ? endpoint : "https://" + endpoint;
        return java.net.URI.create(url).getHost();
      }
      if (baseUrl != null) {
        return java.net.URI.create(baseUrl).getHost();
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (aws != null) {
      return "s3." + aws + ".amazonaws.com";
    }
    if (jdcloud != null) {
      return "s3." + jdcloud + ".jdcloud-oss.com";
    }
    if ("cos".equals(dialect) && bucket != null && region != null) {
      return bucket + ".cos." + region + ".myqcloud.com";
    }
    return null;
  }

  /** The dialect, checked. */
  String dialect() throws UsageException {
    String d = UsageException.require("--dialect", dialect);
    if (!DIALECTS.contains(d)) {
      throw new UsageException("unknown dialect '" + d + "' (known: "
          + String.join(", ", DIALECTS) + ")");
    }
    return d;
  }

  /**
   * Refuses flags the dialect does not take: {@code allowed} are the command's own flags for
   * this dialect; the dialect's connection flags are added.
   */
  void refuseOthers(CommandSpec spec, String dialect, Set<String> allowed)
      throws UsageException {
    Set<String> all = new HashSet<>(allowed);
    all.addAll(FLAGS.get(dialect));
    all.addAll(ALWAYS);
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      if (!all.contains(o.longestName())) {
        throw new UsageException(o.longestName() + " is not an option of --dialect " + dialect);
      }
    }
  }

  /**
   * The client for the dialect. {@code dotSegments}: the key has {@code .} or {@code ..}
   * segments, which OkHttp would resolve away, so the JDK's client carries them. A CA bundle goes
   * to the builder; a bad one is a usage error naming {@code --ca-bundle}.
   */
  MultipartClient client(Map<String, String> env, List<AutoCloseable> resources,
      boolean dotSegments) throws UsageException {
    String d = dialect();
    caBundleInUse = caBundle(env, d);
    if (caBundleInUse != null && dotSegments) {
      throw new UsageException(caBundleFlag() + " cannot reach keys with '.' or '..' segments:"
          + " they go through the JDK's HTTP client, which it does not set up");
    }
    try {
      return build(d, env, resources, dotSegments);
    } catch (InvalidRequestException e) {
      if (e.field().equals("trustedCertificates")) {
        throw new UsageException(caBundleFlag() + ": " + e.rule());
      }
      throw e;
    }
  }

  private MultipartClient build(String dialect, Map<String, String> env,
      List<AutoCloseable> resources, boolean dotSegments) throws UsageException {
    switch (dialect) {
      case "s3":
        return s3(env, dotSegments);
      case "cos":
        return cos(env, dotSegments);
      case "cognite":
        return cognite(env, resources);
      case "rum":
        return trusting(RumSourcemapClient.builder())
            .baseUrl(UsageException.require("--base-url", baseUrl))
            .appId(UsageException.require("--app-id", appId))
            .allowPlainHttp(allowPlainHttp)
            .apiKeySupplier(() -> env.get("DF_API_KEY"))
            .build();
      default:
        return trusting(PresignedMultipartClient.builder())
            .baseUrl(UsageException.require("--base-url", baseUrl))
            .projectId(UsageException.require("--project-id", projectId))
            .allowPlainHttp(allowPlainHttp)
            .bearerTokenSupplier(() -> env.get("PRESIGNED_API_TOKEN"))
            .build();
    }
  }

  /**
   * The CA bundle: {@code --ca-bundle} (or the one saved beside a checkpoint), else for s3
   * {@code AWS_CA_BUNDLE}, as AWS's tools read it. Other dialects leave that variable alone.
   */
  private Path caBundle(Map<String, String> env, String dialect) {
    if (caBundle != null) {
      return caBundle;
    }
    String named = dialect.equals("s3") ? env.get("AWS_CA_BUNDLE") : null;
    return named == null || named.isEmpty() ? null : Path.of(named);
  }

  /** How errors name the bundle's source. */
  private String caBundleFlag() {
    return caBundle == null ? "--ca-bundle (from AWS_CA_BUNDLE)" : "--ca-bundle";
  }

  /** The command this connection belongs to (picocli sets it), for the tool's retry notices. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /**
   * The builder, told to trust the CA bundle if there is one, and to tell the tool of every wait
   * before a retry (printed unless {@code --quiet}).
   */
  private <B extends ClientBuilder<B>> B trusting(B builder) {
    if (mixee != null && mixee.root().userObject() instanceof UnipartCli root) {
      builder.eventListener(root.notices());
    }
    return caBundleInUse == null ? builder : builder.trustedCertificates(caBundleInUse);
  }

  /** The S3 client: credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN. */
  S3MultipartClient s3(Map<String, String> env, boolean dotSegments) throws UsageException {
    S3MultipartClient.Builder b = trusting(S3MultipartClient.builder());
    if (aws != null && jdcloud != null) {
      throw new UsageException("give --aws or --jdcloud, not both");
    }
    String preset = aws != null ? "--aws" : jdcloud != null ? "--jdcloud" : null;
    if (store != null && preset != null) {
      throw new UsageException("--store names the S3 implementation behind --endpoint; give "
          + preset + " or --endpoint with --store, not both");
    }
    if (store != null) {
      String url = UsageException.require("--endpoint", endpoint);
      switch (store) {
        case "ceph" -> b.ceph(url);
        case "swift" -> b.swift(url);
        case "minio" -> b.minio(url);
        default -> throw new UsageException("--store must be ceph, swift or minio (was \""
            + store + "\"); for any other S3 store leave it out");
      }
      String r = region != null ? region : env.get("AWS_REGION");
      if (r != null && !r.isEmpty()) {
        b.region(r);
      }
    } else if (preset != null) {
      if (endpoint != null || region != null) {
        throw new UsageException(preset + " sets the endpoint and region; give " + preset
            + " or --endpoint with --region, not both");
      }
      String named = aws != null ? aws : jdcloud;
      if (!named.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
        throw new UsageException(preset + " must be a region such as "
            + (aws != null ? "eu-central-1" : "cn-north-1") + " (was '" + named + "')");
      }
      if (aws != null) {
        b.aws(aws);
      } else {
        b.jdcloud(jdcloud);
      }
    } else {
      String r = region;
      if (r == null) {
        r = env.get("AWS_REGION");
      }
      if (r == null || r.isEmpty()) {
        r = env.get("AWS_DEFAULT_REGION");
      }
      if (r == null || r.isEmpty()) {
        throw new UsageException("--region is required (or set AWS_REGION), or use --aws REGION"
            + " or --jdcloud REGION");
      }
      b.endpoint(UsageException.require("--endpoint", endpoint)).region(r);
    }
    b.bucket(UsageException.require("--bucket", bucket))
        .allowPlainHttp(allowPlainHttp)
        .credentialsProvider(AwsCredentialsProvider.fromVariables(env::get));
    if (pathStyle) {
      b.pathStyle(true);
    }
    if (checksumAlgorithm != null) {
      b.checksumAlgorithm(checksumAlgorithm());
    }
    if (trustStoreChecks) {
      b.probeStoreChecks(false);
    }
    byte[] key = customerKey();
    if (key != null) {
      b.customerKey(ServerSideEncryption.customerKey(key));
    }
    if (dotSegments) {
      b.transport(JdkHttpTransport.create());
    }
    return b.build();
  }

  private ChecksumAlgorithm checksumAlgorithm() throws UsageException {
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      if (a.name().equalsIgnoreCase(checksumAlgorithm)) {
        return a;
      }
    }
    throw new UsageException("--checksum-algorithm must be one of " + Arrays.stream(
        ChecksumAlgorithm.values()).map(Enum::name).collect(Collectors.joining(", "))
        + " (was '" + checksumAlgorithm + "')");
  }

  /** The COS client: credentials from TENCENTCLOUD_SECRET_ID, _SECRET_KEY, _SESSION_TOKEN. */
  CosMultipartClient cos(Map<String, String> env, boolean dotSegments) throws UsageException {
    CosMultipartClient.Builder b = trusting(CosMultipartClient.builder())
        .region(UsageException.require("--region", region))
        .bucket(UsageException.require("--bucket", bucket))
        .endpoint(endpoint)
        .allowPlainHttp(allowPlainHttp)
        .credentialsProvider(CosCredentialsProvider.fromVariables(env::get));
    byte[] key = customerKey();
    if (key != null) {
      b.customerKey(CosServerSideEncryption.customerKey(key));
    }
    if (dotSegments) {
      b.transport(JdkHttpTransport.create());
    }
    return b.build();
  }

  /**
   * The Cognite client: a token from COGNITE_TOKEN, or OAuth client credentials (added to
   * {@code resources}, for the caller to close).
   */
  private CogniteMultipartClient cognite(Map<String, String> env, List<AutoCloseable> resources)
      throws UsageException {
    CogniteMultipartClient.Builder b = trusting(CogniteMultipartClient.builder())
        .baseUrl(UsageException.require("--base-url", baseUrl))
        .project(UsageException.require("--project", project))
        .allowPlainHttp(allowPlainHttp)
        .appName("unipart-cli");
    String token = env.get("COGNITE_TOKEN");
    if (token != null && !token.isEmpty()) {
      b.token(token);
    } else if (env.get("COGNITE_TOKEN_URL") != null) {
      String scopes = env.getOrDefault("COGNITE_SCOPES", "");
      ClientCredentials oauth = ClientCredentials.builder()
          .tokenUrl(env.get("COGNITE_TOKEN_URL"))
          .clientId(env.get("COGNITE_CLIENT_ID"))
          .clientSecret(env.get("COGNITE_CLIENT_SECRET"))
          .scopes(scopes.isBlank() ? new String[0] : scopes.trim().split("[\\s,]+"))
          .build();
      resources.add(oauth);
      b.tokenSource(oauth);
    } else {
      throw new InvalidRequestException("token", "set COGNITE_TOKEN, or COGNITE_TOKEN_URL,"
          + " COGNITE_CLIENT_ID, COGNITE_CLIENT_SECRET and COGNITE_SCOPES");
    }
    return b.build();
  }

  /**
   * The SSE-C key in {@code --sse-c-key-file}: 32 raw bytes, or their base64 on one line. The
   * errors never echo the file's content.
   */
  byte[] customerKey() throws UsageException {
    if (customerKeyFile == null) {
      return null;
    }
    if (customerKey == null || !customerKeyFile.equals(customerKeyRead)) {
      customerKey = readCustomerKey();
      customerKeyRead = customerKeyFile;
    }
    return customerKey.clone();
  }

  /** The key as last read, and from which file: read once per command, not per use. */
  private byte[] customerKey;
  private Path customerKeyRead;

  private byte[] readCustomerKey() throws UsageException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(customerKeyFile);
    } catch (IOException e) {
      throw new UsageException("--sse-c-key-file " + customerKeyFile + " cannot be read");
    }
    if (bytes.length == 32) {
      return bytes;
    }
    try {
      byte[] decoded =
          Base64.getDecoder().decode(new String(bytes, StandardCharsets.US_ASCII).trim());
      if (decoded.length == 32) {
        return decoded;
      }
    } catch (IllegalArgumentException e) {
      // the usage error below says what is accepted
    }
    throw new UsageException("--sse-c-key-file must hold a 256-bit key: 32 raw bytes or their"
        + " base64 on one line");
  }

  /** Whether a key has a {@code .} or {@code ..} segment, which only the JDK client keeps. */
  static boolean hasDotSegments(String key) {
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** Closes token sources; closing cannot fail in a way the command could act on. */
  static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        // nothing to do
      }
    }
  }
}
