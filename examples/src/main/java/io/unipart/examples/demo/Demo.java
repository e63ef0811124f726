package io.unipart.examples.demo;

import io.unipart.ObjectHeaders;
import io.unipart.AuthenticationException;
import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.TransferOptions;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.cognite.CogniteInitiateRequest;
import io.unipart.examples.Errors;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosAcl;
import io.unipart.cos.CosCredentials;
import io.unipart.cos.CosInitiateRequest;
import io.unipart.cos.CosMultipartClient;
import io.unipart.cos.CosStorageClass;
import io.unipart.presigned.PresignedInitiateRequest;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumInitiateRequest;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.UnipartFake;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.utils.WCWidth;

/**
 * {@code demo}: starts unipart's test-kit fakes ({@link UnipartFake}): S3 on S3Proxy (from {@code
 * s3proxy.jar} beside the demo's jar, SigV4 authentication on), COS, Cognite, Guance and the
 * presigned-URL API, the Cognite and presigned ones handing out real presigned URLs of the S3
 * server ({@link S3PartStore}). It uploads one generated file through all five dialects, checks
 * each copy where it landed, initiates uploads with each dialect's options, and prints both as
 * tables. No cloud account needed.
 */
public final class Demo {
  private Demo() {}

  /**
   * Runs the demo on its own: {@code java -jar demo/unipart-demo.jar}, as {@code unipart demo}
   * does.
   *
   * @param args none
   * @throws IOException when a local server cannot start
   */
  public static void main(String[] args) throws IOException {
    System.exit(run(System.out));
  }

  /**
   * Runs the demo, printing to {@code out}.
   *
   * @param out where the tables go
   * @return the exit status, 0
   * @throws IOException when a local server cannot start
   */
  public static int run(PrintStream out) throws IOException {
    List<UploadSession> sessions = new ArrayList<>();
    List<String[]> uploads = new ArrayList<>();
    Path s3proxyJar = s3proxyJar();
    out.println("Starting an embedded S3-compatible server (S3Proxy, SigV4 authentication on)...");
    String refused;
    String conflict;
    Path dir = Files.createTempDirectory("unipart-demo-");
    Path file = dir.resolve("generated-24MiB.bin");
    try (UnipartFake s3Fake = UnipartFake.s3(s3proxyJar).start()) {
      out.println("  ready at " + s3Fake.baseUrl() + ", bucket " + s3Fake.destination());
      S3MultipartClient.Builder builder = S3MultipartClient.builder()
          .endpoint(s3Fake.baseUrl()).region(s3Fake.region()).bucket(s3Fake.destination());
      try (S3MultipartClient s3 = builder.credentials(AwsCredentials.of(
          s3Fake.credentialId(), s3Fake.secret())).build()) {
        s3Sessions(s3, sessions);
        refused = wrongSecret(builder, s3Fake.credentialId());
        try (UnipartFake cosFake = UnipartFake.cos().start();
            UnipartFake cdfFake = UnipartFake.cognite()
                .withPartStore(new S3PartStore(s3, "cognite/")).start();
            UnipartFake rumFake = UnipartFake.rum().start();
            UnipartFake vpFake = UnipartFake.presigned()
                .withPartStore(new S3PartStore(s3, "presigned/")).start();
            CosMultipartClient cos = CosMultipartClient.builder().region(cosFake.region())
                .bucket(cosFake.destination()).endpoint(cosFake.baseUrl())
                .credentials(CosCredentials.of(cosFake.credentialId(), cosFake.secret()))
                .build();
            CogniteMultipartClient cdf = CogniteMultipartClient.builder()
                .baseUrl(cdfFake.baseUrl()).project(cdfFake.destination())
                .token(cdfFake.secret()).build();
            RumSourcemapClient rum = RumSourcemapClient.builder().baseUrl(rumFake.baseUrl())
                .apiKey(rumFake.secret()).appId("app_demo").build();
            PresignedMultipartClient vp = PresignedMultipartClient.builder()
                .baseUrl(vpFake.baseUrl()).projectId(vpFake.destination())
                .bearerToken(vpFake.secret()).build()) {
          out.println("Starting unipart's test-kit fakes (io.unipart:sdk-testing), which answer"
              + " as each provider documents and check its credential:");
          out.println("  Tencent COS at " + cosFake.baseUrl() + " (q-sign-* Authorization;"
              + " checks every part's Content-MD5)");
          out.println("  Cognite Data Fusion at " + cdfFake.baseUrl() + " (bearer token; hands"
              + " out presigned part URLs of the S3 server)");
          out.println("  Guance RUM sourcemap API at " + rumFake.baseUrl() + " (DF-API-KEY;"
              + " reads form-data chunks)");
          out.println("  project presigned-URL API at " + vpFake.baseUrl() + " (bearer token;"
              + " hands out presigned part URLs of the S3 server)");
          otherSessions(cos, cdf, vp, sessions);
          conflict = rumSessions(rum, sessions);

          generate(file, 24);
          out.println();
          out.println("Uploading one generated 24 MiB file through all five dialects"
              + " (MultipartUploader, 4 parts at a time):");
          String bucket = s3Fake.destination();
          uploads.add(upload(out, "s3", s3, file, "generated/demo-24MiB.bin", 5L << 20,
              "S3 server: " + bucket + "/generated/demo-24MiB.bin"));
          uploads.add(upload(out, "cos", cos, file, "generated/demo-24MiB.bin", 5L << 20,
              "COS fake (every part's MD5 checked)"));
          uploads.add(upload(out, "cognite", cdf, file, "demo-24MiB.bin", 6L << 20,
              "S3 server: " + bucket + "/cognite/demo-24MiB.bin, via Cognite's part URLs"));
          uploads.add(upload(out, "rum", rum, file, "1.0.3", 8L << 20,
              "RUM fake (0-based form-data chunks, merged)"));
          uploads.add(upload(out, "presigned", vp, file, "demo-24MiB.bin", 5L << 20,
              "S3 server: " + bucket + "/presigned/demo-24MiB.bin, via presigned part URLs"));
          byte[] expected = Files.readAllBytes(file);
          s3Fake.assertLanded("generated/demo-24MiB.bin", expected);
          cosFake.assertLanded("generated/demo-24MiB.bin", expected);
          rumFake.assertLanded("app_demo|1.0.3|", expected);
          out.println("  each copy checked byte for byte where it landed");
        }
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
    out.println();
    printUploads(out, uploads);
    out.println("Part sizes: the demo asks each dialect for small parts, so that a 24 MiB file"
        + " has several: S3, COS and presigned 5 MiB (their minimum), Cognite 6 MiB (it takes"
        + " more than 5 MiB), Guance 8 MiB (at most 10 MB). Left to choose, a client sends 8 MiB"
        + " parts (README, \"Part size\"). The last part is what is left.");
    out.println();
    printTable(out, sessions);
    out.println();
    out.println("Two refusals, shown on purpose (expected, not errors):");
    out.println("  a wrong secret, refused by the S3 server: " + expected(refused));
    out.println("  a second sourcemap for the same RUM app, version and env, refused by the RUM"
        + " fake: " + expected(conflict));
    out.println();
    out.println(uploads.size() + " whole uploads and " + sessions.size()
        + " initiated uploads through "
        + sessions.stream().map(UploadSession::dialect).distinct().count()
        + " dialects; local servers stopped.");
    return 0;
  }

  /**
   * S3Proxy's jar: {@code s3proxy.jar} beside the demo's jar, or, when the demo runs from a
   * build tree's classes, in {@code target/demo/}.
   *
   * @return the jar
   * @throws IOException when it is missing
   */
  public static Path s3proxyJar() throws IOException {
    Path code;
    try {
      code = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException("cannot tell where the demo runs from", e);
    }
    Path dir = Files.isDirectory(code) ? code.getParent().resolve("demo") : code.getParent();
    Path jar = dir.resolve("s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException("the demo's S3 server is missing: " + jar + " (run 'mvn package'"
          + " first)");
    }
    return jar;
  }

  /** A refusal the demo provokes, without the "error:" of a real failure. */
  private static String expected(String refusal) {
    return refusal.startsWith("error: ") ? refusal.substring("error: ".length()) : refusal;
  }

  /** Uploads the file through one client; returns its row of the summary. */
  private static String[] upload(PrintStream out, String dialect, MultipartClient client,
      Path file, String key, long partSize, String where) {
    long start = System.nanoTime();
    AtomicInteger parts = new AtomicInteger();
    UploadResult result = MultipartUploader.builder(client).concurrency(4).build().upload(file,
        UploadRequest.builder().key(key).partSize(partSize).build(),
        TransferOptions.builder().progressListener(p -> parts.incrementAndGet()).build());
    long ms = (System.nanoTime() - start) / 1_000_000;
    out.println("  " + dialect + ": " + result.size() + " bytes in " + result.parts().size()
        + " parts (" + parts.get() + " acknowledged), " + ms + " ms");
    return new String[] {dialect, result.key(), String.valueOf(result.size()),
        parts(result), ms + " ms", where};
  }

  /** The parts as they were: {@code 4 x 5 MiB + 4 MiB}, or {@code 4 x 6 MiB} when all equal. */
  static String parts(UploadResult result) {
    List<io.unipart.UploadedPart> all = result.parts();
    long first = all.get(0).size();
    long last = all.get(all.size() - 1).size();
    if (last == first) {
      return all.size() + " x " + size(first);
    }
    return (all.size() - 1) + " x " + size(first) + " + " + size(last);
  }

  private static String size(long bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " B";
  }

  private static void generate(Path file, int mib) throws IOException {
    byte[] chunk = new byte[1 << 20];
    Random random = new Random(2026);
    try (var w = Files.newOutputStream(file)) {
      for (int i = 0; i < mib; i++) {
        random.nextBytes(chunk);
        w.write(chunk);
      }
    }
  }

  private static void s3Sessions(S3MultipartClient s3, List<UploadSession> sessions) {
    sessions.add(s3.initiate(UploadRequest.builder().key("videos/intro.mp4")
        .contentType("video/mp4").contentLength(734_003_200L).partSize(64L << 20).build()));
    sessions.add(s3.initiate(S3InitiateRequest.builder(UploadRequest.builder()
        .key("reports/2026 Q4 (final).pdf").contentType("application/pdf")
        .metadata("owner", "finance").build())
        .objectHeaders(ObjectHeaders.builder().cacheControl("no-cache").build())
        .storageClass("STANDARD").build()));
    sessions.add(s3.initiate(UploadRequest.builder().key("photos/東京/夜景 🌃.jpg")
        .contentType("image/jpeg").build()));
    sessions.add(s3.initiateAsync(UploadRequest.builder().key("backups/db+2026-11-21.tar.gz")
        .build()).join());
  }

  /** How the S3 server refuses a wrong secret. */
  private static String wrongSecret(S3MultipartClient.Builder builder, String accessKey) {
    try (S3MultipartClient wrong =
        builder.credentials(AwsCredentials.of(accessKey, "not-the-secret")).build()) {
      wrong.initiate(UploadRequest.builder().key("should/fail.txt").build());
      throw new IllegalStateException("a wrong secret was accepted");
    } catch (AuthenticationException e) {
      return Errors.oneLine(e);
    }
  }

  private static void otherSessions(CosMultipartClient cos, CogniteMultipartClient cdf,
      PresignedMultipartClient vp, List<UploadSession> sessions) {
    sessions.add(cos.initiate(UploadRequest.builder().key("exampleobject")
        .contentType("video/mp4").build()));
    sessions.add(cos.initiate(CosInitiateRequest.builder(UploadRequest.builder()
        .key("docs/季度报告.pdf").contentType("application/pdf")
        .metadata("example-field", "example-value").overwrite(false).build())
        .storageClass(CosStorageClass.STANDARD_IA)
        .acl(CosAcl.PRIVATE).build()));
    sessions.add(cdf.initiate(UploadRequest.builder().key("pump-42-inspection.mp4")
        .contentType("video/mp4").contentLength(180L << 20).build()));
    sessions.add(cdf.initiate(CogniteInitiateRequest.builder(UploadRequest.builder()
        .key("p&id-sheet-7.pdf").contentType("application/pdf").partCount(2).build())
        .externalId("pid-sheet-7").directory("/drawings/2026")
        .assetIds(4503599627370496L).labels("drawing").build()));
    sessions.add(vp.initiate(PresignedInitiateRequest.builder(UploadRequest.builder()
        .key("launch-trailer.mp4").contentType("video/mp4").contentLength(95_000_000L)
        .partSize(32L << 20).build())
        .presignedUrlExpiryTimeHours(24).build()));
  }

  /** Two RUM sessions; returns how a duplicate sourcemap was refused. */
  private static String rumSessions(RumSourcemapClient rum, List<UploadSession> sessions) {
    UploadRequest version = UploadRequest.builder().key("1.0.2").build();
    UploadRequest replacing = version.toBuilder().overwrite(true).build();
    sessions.add(rum.initiate(RumInitiateRequest.builder(version).appId("app_demo").env("daily")
        .build()));
    sessions.add(rum.initiate(RumInitiateRequest.builder(replacing).appId("app_demo")
        .env("daily").build()));
    try {
      rum.initiate(RumInitiateRequest.builder(version).appId("app_demo").env("daily").build());
      throw new IllegalStateException("a duplicate sourcemap was accepted");
    } catch (UploadConflictException e) {
      return Errors.oneLine(e);
    }
  }

  static void printUploads(PrintStream out, List<String[]> rows) {
    printRows(out, new String[] {"dialect", "key", "bytes", "parts", "time", "where the bytes"
        + " went"}, rows);
  }

  static void printTable(PrintStream out, List<UploadSession> sessions) {
    String[] head = {"#", "dialect", "destination", "key", "upload id", "part URLs",
        "request id"};
    List<String[]> rows = new ArrayList<>();
    int i = 1;
    for (UploadSession s : sessions) {
      rows.add(new String[] {String.valueOf(i++), s.dialect(), s.destination(), s.key(),
          abbreviate(s.uploadId(), 36),
          s.parts().isEmpty() ? "-" : String.valueOf(s.parts().size()),
          s.requestId().orElse("-")});
    }
    printRows(out, head, rows);
  }

  private static void printRows(PrintStream out, String[] head, List<String[]> rows) {
    int[] width = new int[head.length];
    for (int c = 0; c < head.length; c++) {
      width[c] = displayWidth(head[c]);
      for (String[] r : rows) {
        width[c] = Math.max(width[c], displayWidth(r[c]));
      }
    }
    out.println(line(head, width));
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < width.length; c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    out.println(rule);
    rows.forEach(r -> out.println(line(r, width)));
  }

  /** At most {@code max} terminal columns, cut between code points, with "..." when cut. */
  static String abbreviate(String s, int max) {
    if (displayWidth(s) <= max) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int cw = Math.max(0, WCWidth.wcwidth(cp));
      if (w + cw > max - 3) {
        break;
      }
      sb.appendCodePoint(cp);
      w += cw;
      i += Character.charCount(cp);
    }
    return sb + "...";
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      sb.append(c == 0 ? "" : " | ").append(cells[c])
          .append(" ".repeat(width[c] - displayWidth(cells[c])));
    }
    return sb.toString().stripTrailing();
  }

  /**
   * Terminal columns, as wcwidth counts them (JLine's port of Markus Kuhn's): East Asian wide
   * characters and emoji take two, combining marks and joiners none.
   */
  static int displayWidth(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      w += Math.max(0, WCWidth.wcwidth(cp));
    }
    return w;
  }
}
