package io.unipart.micrometer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.unipart.MultipartUploader;
import io.unipart.UploadRequest;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real upload through the S3 dialect against a local server, one part answered 500 once: the
 * meters count what the server saw.
 */
class MicrometerEventListenerTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;

  static final String OBJECT = "/media/k.bin";

  @Test
  void anUploadIsCountedByAttemptPartAndTransfer() throws Exception {
    wm.stubFor(post(urlEqualTo(OBJECT + "?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(urlPathEqualTo(OBJECT)).withQueryParam("partNumber", equalTo("1"))
        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e1\"")));
    wm.stubFor(put(urlPathEqualTo(OBJECT)).withQueryParam("partNumber", equalTo("2"))
        .inScenario("p2").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500).withBody("<Error><Code>InternalError</Code>"
            + "</Error>")).willSetStateTo("ok"));
    wm.stubFor(put(urlPathEqualTo(OBJECT)).withQueryParam("partNumber", equalTo("2"))
        .inScenario("p2").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e2\"")));
    wm.stubFor(post(urlEqualTo(OBJECT + "?uploadId=up-1")).willReturn(aResponse().withStatus(200)
        .withBody("<CompleteMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>")));
    byte[] data = new byte[(5 << 20) + 1000];
    new Random(7).nextBytes(data);
    Path file = Files.write(dir.resolve("f"), data);

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerEventListener metrics = MicrometerEventListener.create(registry);
    // The stub stands for a store that checks what S3 documents: no probe of its checks.
    try (S3MultipartClient s3 = S3MultipartClient.builder().probeStoreChecks(false)
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
        .credentials(AwsCredentials.of("AKIDEXAMPLE", "secret")).sleeper(d -> { })
        .eventListener(metrics).build()) {
      MultipartUploader.builder(s3).concurrency(1).eventListener(metrics).build()
          .upload(file, UploadRequest.builder().key("k.bin").partSize(5L << 20).build());
    }

    assertThat(registry.get("unipart.http.attempts").tags("call", "initiate", "status", "200",
        "outcome", "success").timer().count()).isEqualTo(1);
    assertThat(registry.get("unipart.http.attempts").tags("call", "uploadPart", "status", "500",
        "outcome", "retried").timer().count()).isEqualTo(1);
    assertThat(registry.get("unipart.http.attempts").tags("call", "uploadPart", "status", "200",
        "outcome", "success").timer().count()).isEqualTo(2);
    assertThat(registry.get("unipart.http.retries").tags("dialect", "s3", "call", "uploadPart",
        "reason", "HTTP 500").counter().count()).isEqualTo(1);
    assertThat(registry.get("unipart.http.attempts").tags("call", "complete").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("unipart.parts").tags("outcome", "succeeded").timer().count())
        .isEqualTo(2);
    assertThat(registry.get("unipart.parts.bytes").summary().totalAmount())
        .isEqualTo(data.length);
    assertThat(registry.get("unipart.transfers").tags("dialect", "s3", "outcome", "completed")
        .timer().count()).isEqualTo(1);
    assertThat(registry.get("unipart.transfers.bytes").summary().totalAmount())
        .isEqualTo(data.length);
    // The signed aws-chunked bodies of the three part attempts: more than the data, framed.
    assertThat(registry.get("unipart.http.sent").tags("call", "uploadPart").summary().count())
        .isEqualTo(3);
  }
}
