package io.unipart.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.testkit.LocalHttpStub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line as a user meets it: each command's help, {@code --opt=value}, sizes and
 * ages with units, one-line errors in flags, plain http to another machine, the region from
 * the environment, presets, keys with dot segments, and every {@code init} option on {@code
 * upload}. WireMock (bound to every interface) stands in for S3.
 */
class CommandLineTest {
  static final List<String> COMMANDS =
      List.of("demo", "init", "upload", "resume", "abort", "uploads", "cleanup");

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().bindAddress("0.0.0.0")).build();

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "AKIDCLI",
      "AWS_SECRET_ACCESS_KEY", "cli-secret"));

  int run(String... args) {
    out.reset();
    err.reset();
    return UnipartCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  String local() {
    return "http://127.0.0.1:" + wm.getPort();
  }

  @BeforeEach
  void stubS3() {
    stubS3("k");
  }

  /** S3's documented answers, naming the key the test uploads. */
  void stubS3(String key) {
    String xmlKey = key.replace("&", "&amp;").replace("<", "&lt;");
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>" + xmlKey
            + "</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).willReturn(aResponse().withStatus(200)
        .withBody("<CompleteMultipartUploadResult><Bucket>media</Bucket><Key>" + xmlKey + "</Key>"
            + "<ETag>\"x-1\"</ETag></CompleteMultipartUploadResult>")));
  }

  @Test
  void everyCommandHasItsOwnHelpWithExamples() {
    for (String command : COMMANDS) {
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(stdout()).as(command).startsWith(header(command))
          .contains("Usage: unipart " + command + " [OPTIONS]").contains("Examples:")
          .contains("unipart " + command).contains("-h, --help");
      String viaHelp;
      assertThat(run("help", command)).isZero();
      viaHelp = stdout();
      assertThat(viaHelp).as("help " + command).contains("Usage: unipart " + command);
    }
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("Commands:").contains("Exit codes:").contains("130");
    assertThat(run("--version")).isZero();
    assertThat(stdout()).matches("(?s)unipart \\d+\\.\\d+\\.\\d+.*");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  private static String header(String command) {
    return switch (command) {
      case "demo" -> "Start local servers";
      case "init" -> "Start an upload";
      case "upload" -> "Upload a whole file";
      case "resume" -> "Finish an interrupted upload";
      case "abort" -> "Abort an upload";
      case "uploads" -> "List the uploads";
      default -> "Abort the uploads";
    };
  }

  @Test
  void usageErrorsAreOneLineAndAPointerToHelp() {
    assertThat(run("upload", "--dialect=s3")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).isEqualTo("error: Missing required parameter: 'FILE'\n"
        + "Try 'unipart upload --help' for more information.\n");
    assertThat(run("init", "--dialect", "s3", "--frobnicate")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr().lines().count()).isEqualTo(2);
    assertThat(stderr()).contains("--frobnicate").contains("Try 'unipart init --help'");
    assertThat(run()).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).contains("a command is required");
  }

  @Test
  void theEqualsSyntaxWorksForEveryKindOfOption() throws Exception {
    stubS3("eq/a=b.bin");
    Path file = Files.write(dir.resolve("eq.bin"), new byte[1000]);
    int code = run("upload", file.toString(), "--dialect=s3", "--endpoint=" + local(),
        "--region=us-east-1", "--bucket=media", "--key=eq/a=b.bin", "--part-size=5MiB",
        "--meta=owner=ops", "--concurrency=2", "--content-type=text/plain",
        "--trust-store-checks"); // the stub checks nothing; it stands for a store that does
    assertThat(code).as(stderr()).isZero();
    LoggedRequest initiate = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(initiate.getUrl()).isEqualTo("/media/eq/a%3Db.bin?uploads");
    assertThat(initiate.getHeader("x-amz-meta-owner")).isEqualTo("ops");
    assertThat(initiate.getHeader("Content-Type")).isEqualTo("text/plain");
    assertThat(stdout()).contains("\"parts\":1");
    assertThat(stderr()).contains("1 part done: 1000/1000 bytes (100%)").contains("/s, done");
  }

  @Test
  void sizesTakeUnitsAndAgesTakeSuffixes() {
    assertThat(Units.bytes("8388608")).isEqualTo(8_388_608L);
    assertThat(Units.bytes("16MiB")).isEqualTo(16L << 20);
    assertThat(Units.bytes("16M")).isEqualTo(16L << 20);
    assertThat(Units.bytes("16mib")).isEqualTo(16L << 20);
    assertThat(Units.bytes("5GB")).isEqualTo(5_000_000_000L);
    assertThat(Units.bytes("1.5GiB")).isEqualTo(3L << 29);
    assertThat(Units.bytes("64KiB")).isEqualTo(65_536L);
    assertThat(Units.bytes("2TB")).isEqualTo(2_000_000_000_000L);
    for (String bad : List.of("12ab", "", "MiB", "-5MiB", "1.5", "5 parsecs")) {
      assertThatThrownBy(() -> Units.bytes(bad)).as(bad)
          .isInstanceOf(TypeConversionException.class).hasMessageContaining("16MiB");
    }
    assertThat(Units.age("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Units.age("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Units.age("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(Units.age("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Units.age("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Units.age("PT36H")).isEqualTo(Duration.ofHours(36));
    assertThatThrownBy(() -> Units.age("yesterday")).hasMessageContaining("24h");
    assertThatThrownBy(() -> Units.age("-PT1H")).hasMessageContaining("24h");
  }

  @Test
  void aPartSizeWithAUnitPlansTheParts() throws Exception {
    stubS3("u.bin");
    Path file = Files.write(dir.resolve("u.bin"), new byte[(11 << 20)]);
    int code = run("upload", file.toString(), "--dialect", "s3", "--endpoint", local(),
        "--region", "us-east-1", "--bucket", "media", "--key", "u.bin", "--part-size", "5MiB",
        "--trust-store-checks");
    assertThat(code).as(stderr()).isZero();
    List<LoggedRequest> parts = wm.findAll(anyRequestedFor(anyUrl())).stream()
        .filter(r -> r.getMethod().getName().equals("PUT")).toList();
    // over plain http the parts go aws-chunked: the decoded length is the part's
    assertThat(parts).extracting(r -> r.containsHeader("x-amz-decoded-content-length")
            ? Integer.parseInt(r.getHeader("x-amz-decoded-content-length")) : r.getBody().length)
        .containsExactlyInAnyOrder(5 << 20, 5 << 20, 1 << 20);
    assertThat(stdout()).contains("\"parts\":3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"init", "upload"})
  void errorsSpeakInFlagsNeverInJavaNames(String command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    if (command.equals("upload")) {
      args.add(dir.resolve("missing.bin").toString());
    }
    args.addAll(List.of("--dialect", "s3", "--endpoint", "http://minio.example:9000",
        "--region", "us-east-1", "--bucket", "media", "--key", "k"));
    int code = run(args.toArray(String[]::new));
    assertThat(code).isEqualTo(UnipartCli.USAGE);
    if (command.equals("upload")) {
      assertThat(stderr()).isEqualTo("error: " + dir.resolve("missing.bin") + ": no such file\n"
          + "Try 'unipart upload --help' for more information.\n");
    } else {
      assertThat(stderr()).contains("--endpoint").contains("--allow-plain-http");
    }
    assertThat(stderr()).doesNotContain("allowPlainHttp").doesNotContain("Transport")
        .doesNotContain("java.").doesNotContain("Exception");
  }

  @Test
  void plainHttpToAnotherMachineNeedsTheFlagAndThenWorks() throws Exception {
    String lan = lanAddress();
    assumeTrue(lan != null, "this machine has no non-loopback IPv4 address to reach WireMock on");
    String endpoint = "http://" + lan + ":" + wm.getPort();
    String[] init = {"init", "--dialect", "s3", "--endpoint", endpoint, "--region", "us-east-1",
        "--bucket", "media", "--path-style", "--key", "k"};

    assertThat(run(init)).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).startsWith("error: --endpoint: uses plain http to " + lan)
        .contains("--allow-plain-http");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();

    List<String> allowed = new ArrayList<>(List.of(init));
    allowed.add("--allow-plain-http");
    assertThat(run(allowed.toArray(String[]::new))).as(stderr()).isZero();
    assertThat(stdout()).contains("\"uploadId\":\"up-1\"");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  private static String lanAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a.getHostAddress();
        }
      }
    }
    return null;
  }

  @Test
  void theRegionComesFromTheEnvironmentWhenNotGiven() {
    env.put("AWS_DEFAULT_REGION", "ap-south-2");
    assertThat(run("init", "--dialect", "s3", "--endpoint", local(), "--bucket", "media",
        "--key", "k")).as(stderr()).isZero();
    assertThat(lastAuthorization()).contains("/ap-south-2/s3/aws4_request");

    env.put("AWS_REGION", "eu-west-3");
    assertThat(run("init", "--dialect", "s3", "--endpoint", local(), "--bucket", "media",
        "--key", "k")).as(stderr()).isZero();
    assertThat(lastAuthorization()).contains("/eu-west-3/s3/aws4_request");

    assertThat(run("init", "--dialect", "s3", "--endpoint", local(), "--region", "us-west-1",
        "--bucket", "media", "--key", "k")).as(stderr()).isZero();
    assertThat(lastAuthorization()).contains("/us-west-1/s3/aws4_request");

    env.remove("AWS_REGION");
    env.remove("AWS_DEFAULT_REGION");
    assertThat(run("init", "--dialect", "s3", "--endpoint", local(), "--bucket", "media",
        "--key", "k")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).contains("--region is required (or set AWS_REGION)");
  }

  private String lastAuthorization() {
    List<LoggedRequest> all = wm.findAll(anyRequestedFor(anyUrl()));
    return all.get(all.size() - 1).getHeader("Authorization");
  }

  @Test
  void presetsSetTheEndpointAndRegionAndRefuseBothWays() {
    env.clear();
    // with a preset, nothing about the endpoint or region is missing: the next need is the keys
    assertThat(run("init", "--dialect", "s3", "--aws", "eu-central-1", "--bucket", "media",
        "--key", "k")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).contains("AWS_ACCESS_KEY_ID").doesNotContain("--region")
        .doesNotContain("--endpoint");
    assertThat(run("init", "--dialect", "s3", "--jdcloud", "cn-north-1", "--bucket", "media",
        "--key", "k")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).contains("AWS_ACCESS_KEY_ID");

    assertThat(run("init", "--dialect", "s3", "--aws", "eu-central-1", "--endpoint", local(),
        "--bucket", "media", "--key", "k")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).contains("--aws sets the endpoint and region");
    assertThat(run("init", "--dialect", "s3", "--aws", "eu-central-1", "--jdcloud",
        "cn-north-1", "--bucket", "media", "--key", "k")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).contains("give --aws or --jdcloud, not both");
    assertThat(run("init", "--dialect", "cos", "--aws", "eu-central-1", "--bucket",
        "media-1250000000", "--key", "k")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).contains("--aws is not an option of --dialect cos");
    assertThat(run("init", "--dialect", "s3", "--aws", "not a region", "--bucket", "media",
        "--key", "k")).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).startsWith("error: --aws must be a region such as eu-central-1");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void keysWithDotSegmentsReachTheServerAsTyped() throws Exception {
    List<String> paths = Collections.synchronizedList(new ArrayList<>());
    try (LocalHttpStub s3 = LocalHttpStub.start(r -> {
      paths.add(r.method() + " " + r.rawPath() + "?" + r.rawQuery());
      if (r.method().equals("POST") && "uploads".equals(r.rawQuery())) {
        return LocalHttpStub.Reply.of(200, "application/xml", "<InitiateMultipartUploadResult>"
            + "<Bucket>media</Bucket><Key>logs/./2026/../x.bin</Key><UploadId>up-9</UploadId>"
            + "</InitiateMultipartUploadResult>");
      }
      if (r.method().equals("PUT")) {
        return LocalHttpStub.Reply.of(200, "text/plain", "").header("ETag", "\"e\"");
      }
      return LocalHttpStub.Reply.of(200, "application/xml", "<CompleteMultipartUploadResult>"
          + "<Bucket>media</Bucket><Key>logs/./2026/../x.bin</Key><ETag>\"x-1\"</ETag>"
          + "</CompleteMultipartUploadResult>");
    })) {
      Path file = Files.write(dir.resolve("dots.bin"), new byte[10]);
      int code = run("upload", file.toString(), "--dialect", "s3", "--endpoint", s3.baseUrl(),
          "--region", "us-east-1", "--bucket", "media", "--path-style", "--key",
          "logs/./2026/../x.bin", "--trust-store-checks");
      assertThat(code).as(stderr()).isZero();
      assertThat(stderr()).doesNotContain("Transport").doesNotContain("JdkHttp");
      assertThat(paths).hasSize(3).allSatisfy(p ->
          assertThat(p).contains("/media/logs/./2026/../x.bin?"));
    }
  }

  @Test
  void everyOptionOfInitAlsoWorksWithUpload() throws Exception {
    stubS3("opts.bin");
    // The store confirms the encryption asked for, as AWS does in its answer to initiate.
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withHeader("x-amz-server-side-encryption", "aws:kms")
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>opts.bin</Key>"
            + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    Path file = Files.write(dir.resolve("opts.bin"), new byte[100]);
    String[] options = {"--dialect", "s3", "--endpoint", local(), "--region", "us-east-1",
        "--bucket", "media", "--key", "opts.bin", "--content-type", "video/mp4",
        "--storage-class", "STANDARD_IA", "--acl", "bucket-owner-full-control", "--meta",
        "owner=ops", "--tag", "team=media", "--cache-control", "no-cache",
        "--content-disposition", "attachment", "--sse", "aws:kms", "--sse-kms-key-id", "alias/k",
        "--content-encoding", "gzip", "--expires", "2027-01-01T00:00:00Z",
        "--trust-store-checks"};
    List<String> init = new ArrayList<>(List.of("init"));
    init.addAll(List.of(options));
    List<String> upload = new ArrayList<>(List.of("upload", file.toString()));
    upload.addAll(List.of(options));

    assertThat(run(init.toArray(String[]::new))).as(stderr()).isZero();
    LoggedRequest fromInit = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    wm.resetRequests();
    assertThat(run(upload.toArray(String[]::new))).as(stderr()).isZero();
    LoggedRequest fromUpload = wm.findAll(anyRequestedFor(anyUrl())).get(0);

    for (String header : List.of("Content-Type", "x-amz-storage-class", "x-amz-acl",
        "x-amz-meta-owner", "x-amz-tagging", "Cache-Control", "Content-Disposition",
        "Content-Encoding", "Expires",
        "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id")) {
      assertThat(fromInit.getHeader(header)).as(header).isNotNull();
      assertThat(fromUpload.getHeader(header)).as(header).isEqualTo(fromInit.getHeader(header));
    }
    assertThat(fromUpload.getHeader("x-amz-storage-class")).isEqualTo("STANDARD_IA");
    assertThat(fromUpload.getHeader("x-amz-tagging")).isEqualTo("team=media");
    assertThat(fromUpload.getHeader("Content-Encoding")).isEqualTo("gzip");
    // An ISO-8601 instant goes as the HTTP date S3 takes.
    assertThat(fromUpload.getHeader("Expires")).isEqualTo("Fri, 01 Jan 2027 00:00:00 GMT");
  }

  @Test
  void theCompletionScriptAndHelpComeFromTheSameCommands() {
    String script = picocli.AutoComplete.bash("unipart",
        new UnipartCli().commandLine());
    for (String command : COMMANDS) {
      assertThat(script).contains(command);
    }
    assertThat(script).contains("--allow-plain-http").contains("--checkpoint")
        .contains("--older-than");
  }
}
