package io.unipart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code uploads}, {@code cleanup}, {@code abort --upload-id} and {@code init} followed by {@code
 * resume --session} / {@code abort --session}, on a real S3 server (S3Proxy), with AWS's own SDK
 * listing the uploads in progress as the reference.
 */
class OrphanCommandTest {
  static final String AK = "orphan-access";
  static final String SK = "orphan-secret";
  static final String BUCKET = "orphan-bucket";
  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", AK, "AWS_SECRET_ACCESS_KEY", SK);

  static S3ProxyServer server;
  static RealS3 real;
  static S3Client aws;

  @TempDir Path dir;
  ByteArrayOutputStream out;
  ByteArrayOutputStream err;

  @BeforeAll
  static void start() throws Exception {
    real = RealS3.start(AK, SK, BUCKET);
    server = real.server;
    aws = real.aws;
  }

  @AfterAll
  static void stop() {
    if (real != null) {
      real.close();
    }
  }

  @BeforeEach
  void abortEverything() {
    aws.listMultipartUploads(r -> r.bucket(BUCKET)).uploads().forEach(u -> aws
        .abortMultipartUpload(r -> r.bucket(BUCKET).key(u.key()).uploadId(u.uploadId())));
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
  }

  int run(String... args) {
    out.reset();
    err.reset();
    return UnipartCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
  }

  String[] with(String command, String... extra) {
    String[] base = {command, "--dialect", "s3", "--endpoint", server.endpoint().toString(),
        "--region", "us-east-1", "--bucket", BUCKET};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  List<String> awsListing(String prefix) {
    return aws.listMultipartUploads(r -> r.bucket(BUCKET).prefix(prefix)).uploads().stream()
        .map(u -> u.uploadId() + " " + u.key()).collect(Collectors.toList());
  }

  /**
   * aws-cli's own listing ({@code s3api list-multipart-uploads}), the reference the issue names;
   * null when aws-cli is not installed (AWS's Java SDK listing is checked regardless).
   */
  List<String> awsCliListing(String prefix) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("aws", "--endpoint-url", server.endpoint().toString(),
        "--region", "us-east-1", "--output", "text", "s3api", "list-multipart-uploads",
        "--bucket", BUCKET, "--prefix", prefix, "--query", "Uploads[].[UploadId,Key]");
    pb.environment().put("AWS_ACCESS_KEY_ID", AK);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", SK);
    pb.redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException notInstalled) {
      return null;
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("aws-cli failed: " + text);
    }
    List<String> rows = new java.util.ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.trim().equals("None")) {
        rows.add(line.trim().replace('\t', ' '));
      }
    }
    return rows;
  }

  S3MultipartClient client() {
    return S3MultipartClient.builder().endpoint(server.endpoint().toString()).region("us-east-1")
        .bucket(BUCKET).credentials(AwsCredentials.of(AK, SK)).build();
  }

  String text() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void uploadsListsWhatAwsListsAndAbortByIdEndsOne() throws Exception {
    try (S3MultipartClient s3 = client()) {
      s3.initiate(UploadRequest.builder().key("tmp/a.bin").build());
      s3.initiate(UploadRequest.builder().key("tmp/b c.bin").build());
      s3.initiate(UploadRequest.builder().key("keep/d.bin").build());
    }

    assertThat(run(with("uploads", "--prefix", "tmp/"))).as(err.toString()).isZero();
    List<String> reference = awsListing("tmp/");
    assertThat(reference).hasSize(2);
    List<String> cli = awsCliListing("tmp/");
    if (cli != null) {
      assertThat(cli).containsExactlyInAnyOrderElementsOf(reference);
    }
    for (String idAndKey : reference) {
      String[] parts = idAndKey.split(" ", 2);
      assertThat(text()).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\S+\\s+" + parts[0] + "\\s+"
          + java.util.regex.Pattern.quote(parts[1]));
    }
    assertThat(text()).contains("2 uploads in progress under \"tmp/\"").doesNotContain("keep/");

    String[] first = reference.get(0).split(" ", 2);
    assertThat(run(with("abort", "--key", first[1], "--upload-id", first[0])))
        .as(err.toString()).isZero();
    assertThat(text()).contains("aborted s3 upload " + first[0]);
    assertThat(awsListing("tmp/")).containsExactly(reference.get(1));
  }

  @Test
  void cleanupListsWhatItWouldAbortAndAbortsOnlyWithYes() throws Exception {
    try (S3MultipartClient s3 = client()) {
      s3.initiate(UploadRequest.builder().key("old/1.bin").build());
      s3.initiate(UploadRequest.builder().key("old/2.bin").build());
      s3.initiate(UploadRequest.builder().key("other/3.bin").build());
    }

    // Nothing is a day old yet.
    assertThat(run(with("cleanup", "--older-than", "24h", "--prefix", "old/"))).isZero();
    assertThat(text()).contains("0 uploads started before").contains("nothing to abort");
    // Everything is at least 0 seconds old: listed, not aborted without --yes.
    assertThat(run(with("cleanup", "--older-than", "0s", "--prefix", "old/"))).isZero();
    assertThat(text()).contains("2 uploads").contains("would be aborted").contains("--yes")
        .contains("old/1.bin").contains("old/2.bin");
    assertThat(awsListing("old/")).hasSize(2);

    assertThat(run(with("cleanup", "--older-than", "0s", "--prefix", "old/", "--yes")))
        .as(err.toString()).isZero();
    assertThat(text()).contains("2 uploads aborted");
    assertThat(awsListing("old/")).isEmpty();
    List<String> cli = awsCliListing("old/");
    if (cli != null) {
      assertThat(cli).isEmpty();
    }
    assertThat(awsListing("other/")).hasSize(1);

    assertThat(run(with("cleanup", "--older-than", "yesterday"))).isEqualTo(UnipartCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--older-than")
        .contains("'yesterday' is not an age");
  }

  @Test
  void uploadsAndCleanupSpeakJsonWhenAsked() throws Exception {
    String id;
    try (S3MultipartClient s3 = client()) {
      id = s3.initiate(UploadRequest.builder().key("json/1.bin").build()).uploadId();
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();

    assertThat(run(with("uploads", "--prefix", "json/", "--json"))).as(err.toString()).isZero();
    com.fasterxml.jackson.databind.JsonNode listed = json.readTree(text());
    assertThat(listed.get("count").asInt()).isEqualTo(1);
    assertThat(listed.get("prefix").asText()).isEqualTo("json/");
    assertThat(listed.get("uploads").get(0).get("key").asText()).isEqualTo("json/1.bin");
    assertThat(listed.get("uploads").get(0).get("uploadId").asText()).isEqualTo(id);
    assertThat(java.time.Instant.parse(listed.get("uploads").get(0).get("initiated").asText()))
        .isNotNull();

    assertThat(run(with("cleanup", "--older-than", "0s", "--prefix", "json/", "--json")))
        .isZero();
    com.fasterxml.jackson.databind.JsonNode dry = json.readTree(text());
    assertThat(dry.get("dryRun").asBoolean()).isTrue();
    assertThat(dry.get("uploads").get(0).get("aborted").isNull()).isTrue();
    assertThat(awsListing("json/")).hasSize(1);

    assertThat(run(with("cleanup", "--older-than", "0s", "--prefix", "json/", "--json",
        "--yes"))).as(err.toString()).isZero();
    com.fasterxml.jackson.databind.JsonNode done = json.readTree(text());
    assertThat(done.get("dryRun").asBoolean()).isFalse();
    assertThat(done.get("aborted").asInt()).isEqualTo(1);
    assertThat(done.get("failed").asInt()).isZero();
    assertThat(done.get("uploads").get(0).get("aborted").asBoolean()).isTrue();
    assertThat(awsListing("json/")).isEmpty();

    // Without --json, one upload is "1 upload".
    try (S3MultipartClient s3 = client()) {
      s3.initiate(UploadRequest.builder().key("json/2.bin").build());
    }
    assertThat(run(with("uploads", "--prefix", "json/"))).isZero();
    assertThat(text()).contains("1 upload in progress");
    assertThat(run(with("cleanup", "--older-than", "0s", "--prefix", "json/", "--yes")))
        .isZero();
    assertThat(text()).contains("1 upload aborted");
  }

  @Test
  void whatInitPrintsIsAcceptedByResumeAndAbort() throws Exception {
    assertThat(run(with("init", "--key", "from-init/x.bin"))).as(err.toString()).isZero();
    Path session = Files.writeString(dir.resolve("x.session.json"), text().trim());
    assertThat(awsListing("from-init/")).hasSize(1);
    byte[] bytes = new byte[(5 << 20) + 3];
    new Random(5).nextBytes(bytes);
    Path file = Files.write(dir.resolve("x.bin"), bytes);

    int code = run("resume", "--session", session.toString(), file.toString(), "--endpoint",
        server.endpoint().toString(), "--region", "us-east-1");
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(text()).contains("\"size\":" + bytes.length);
    assertThat(awsListing("from-init/")).isEmpty();
    assertThat(aws.getObjectAsBytes(r -> r.bucket(BUCKET).key("from-init/x.bin")).asByteArray())
        .isEqualTo(bytes);

    assertThat(run(with("init", "--key", "from-init/y.bin"))).isZero();
    Path second = Files.writeString(dir.resolve("y.session.json"), text().trim());
    UploadSession started = UploadSession.fromJson(Files.readString(second));
    assertThat(run("abort", "--session", second.toString(), "--endpoint",
        server.endpoint().toString(), "--region", "us-east-1")).as(err.toString()).isZero();
    assertThat(text()).contains("aborted s3 upload " + started.uploadId());
    assertThat(awsListing("from-init/")).isEmpty();
  }
}
