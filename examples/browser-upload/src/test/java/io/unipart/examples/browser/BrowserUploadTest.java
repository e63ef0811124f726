package io.unipart.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.SeenRequest;
import io.unipart.testkit.UnipartFake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser uploads a file straight to a real S3 server: headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, driven by Selenium) opens the example's page,
 * picks a 13 MiB file, and PUTs its parts across origins to S3Proxy (CORS on) through the
 * presigned URLs the server handed out; the server completes; the object's bytes are compared.
 * Skipped, saying so, only where no Chromium is installed ({@code .ci/run} installs it).
 */
class BrowserUploadTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @RegisterExtension static UnipartFake s3 = UnipartFake.s3();

  static S3MultipartClient client;
  static BrowserUploadServer server;
  static WebDriver browser;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed) {
      System.err.println("SKIPPED BrowserUploadTest: no " + CHROMIUM + " and " + CHROMEDRIVER
          + " here (Debian's chromium and chromium-driver; .ci/run installs them where it can)."
          + " The browser upload example was NOT tested.");
    }
    assumeTrue(installed, "no Chromium and ChromeDriver installed: the browser upload example"
        + " was not tested");
    client = S3MultipartClient.builder().endpoint(s3.baseUrl()).region(s3.region())
        .bucket(s3.destination()).credentials(AwsCredentials.of(s3.credentialId(), s3.secret()))
        .build();
    server = BrowserUploadServer.start(client, "uploads/", 0);
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-gpu", "--window-size=1024,768");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (client != null) {
      client.close();
    }
  }

  String uploadThroughThePage(Path file) {
    browser.get(server.url());
    browser.findElement(By.id("file")).sendKeys(file.toString());
    browser.findElement(By.id("upload")).click();
    new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> {
      String s = d.findElement(By.id("status")).getText();
      return s.startsWith("done") || s.startsWith("failed");
    });
    return browser.findElement(By.id("status")).getText();
  }

  @Test
  void theBrowserSendsThePartsStraightToStorageAndTheServerCompletes() throws Exception {
    byte[] bytes = new byte[(13 << 20) + 12_345];
    new Random(42).nextBytes(bytes);
    Path file = Files.write(dir.resolve("holiday video.bin"), bytes);

    String status = uploadThroughThePage(file);

    assertThat(status).startsWith("done: uploads/holiday video.bin (" + bytes.length + " bytes");
    s3.assertLanded("uploads/holiday video.bin", bytes);
    s3.assertNothingOpen();
    assertThat(browser.findElement(By.id("progress")).getAttribute("value")).isEqualTo("100");
    List<SeenRequest> seen = s3.requests();
    List<SeenRequest> parts = seen.stream().filter(r -> r.method().equals("PUT")).toList();
    // the parts the server planned (the uploader's plan for 13 MiB), each sent by the browser
    // with the URL's signature and no credential of the server's
    long partSize = io.unipart.MultipartUploader.builder(client).build().partSizeFor(bytes.length);
    assertThat(parts).hasSize((int) ((bytes.length + partSize - 1) / partSize)).hasSizeGreaterThan(1)
        .allSatisfy(r -> {
      assertThat(r.query()).contains("X-Amz-Signature=").contains("partNumber=");
      assertThat(r.header("Authorization")).isNull();
      assertThat(r.header("Origin")).isEqualTo(server.url().replaceAll("/$", ""));
    });
    // the browser asked before sending across origins
    assertThat(seen).anySatisfy(r -> assertThat(r.method()).isEqualTo("OPTIONS"));
  }

  @Test
  void aFileThatIsOnePartGoesUpToo() throws Exception {
    byte[] bytes = "a small sourcemap".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("small.map"), bytes);

    assertThat(uploadThroughThePage(file)).startsWith("done: uploads/small.map (17 bytes");
    s3.assertLanded("uploads/small.map", bytes);
  }
}
