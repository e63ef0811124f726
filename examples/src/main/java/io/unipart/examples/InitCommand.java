package io.unipart.examples;

import io.unipart.UploadSession;
import io.unipart.s3.AwsCredentialsProvider;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code init}: initiate one upload against any endpoint and print the session as JSON. */
final class InitCommand {
  private static final Set<String> FLAGS = Set.of("--path-style", "--debug");
  private static final Set<String> OPTIONS =
      Set.of("--dialect", "--endpoint", "--region", "--bucket", "--key", "--content-type",
          "--storage-class", "--meta");

  private InitCommand() {}

  static int run(String[] args, PrintStream out, Map<String, String> env)
      throws UnipartCli.UsageException {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> meta = new ArrayList<>();
    boolean pathStyle = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (FLAGS.contains(a)) {
        pathStyle |= a.equals("--path-style");
        continue;
      }
      if (!OPTIONS.contains(a)) {
        throw new UnipartCli.UsageException("unknown option '" + a + "'");
      }
      if (i + 1 >= args.length) {
        throw new UnipartCli.UsageException(a + " needs a value");
      }
      String value = args[++i];
      if (a.equals("--meta")) {
        meta.add(value);
      } else if (options.put(a, value) != null) {
        throw new UnipartCli.UsageException(a + " is given twice");
      }
    }
    String dialect = require(options, "--dialect");
    if (!dialect.equals("s3")) {
      throw new UnipartCli.UsageException("unknown dialect '" + dialect + "' (known: s3)");
    }
    S3InitiateRequest.Builder request =
        S3InitiateRequest.builder()
            .key(require(options, "--key"))
            .contentType(options.get("--content-type"))
            .storageClass(options.get("--storage-class"));
    for (String m : meta) {
      int eq = m.indexOf('=');
      if (eq <= 0) {
        throw new UnipartCli.UsageException("--meta takes name=value (was '" + m + "')");
      }
      request.metadata(m.substring(0, eq), m.substring(eq + 1));
    }
    S3MultipartClient.Builder client =
        S3MultipartClient.builder()
            .endpoint(require(options, "--endpoint"))
            .region(require(options, "--region"))
            .bucket(require(options, "--bucket"))
            .credentialsProvider(AwsCredentialsProvider.fromVariables(env::get));
    if (pathStyle) {
      client.pathStyle(true);
    }
    S3InitiateRequest built = request.build();
    try (S3MultipartClient s3 = client.build()) {
      UploadSession session = s3.initiate(built);
      out.println(session.toJson());
    }
    return UnipartCli.OK;
  }

  private static String require(Map<String, String> options, String name)
      throws UnipartCli.UsageException {
    String v = options.get(name);
    if (v == null || v.isEmpty()) {
      throw new UnipartCli.UsageException(name + " is required");
    }
    return v;
  }
}
