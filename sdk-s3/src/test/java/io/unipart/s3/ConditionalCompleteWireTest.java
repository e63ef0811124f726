package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code overwrite(false)} on S3: the complete call carries {@code If-None-Match: *} (signed),
 * and S3's refusals (412 {@code PreconditionFailed}; 409 {@code ConditionalRequestConflict} when
 * another write won the race) become an {@link UploadConflictException}.
 */
class ConditionalCompleteWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  S3MultipartClient client() {
    return S3MultipartClient.builder().endpoint("http://127.0.0.1:" + wm.getPort())
        .region("us-east-1").bucket("media").pathStyle(true).allowPlainHttp(true)
        .credentials(AwsCredentials.of("AKID", "secret")).sleeper(d -> {}).build();
  }

  void initiateStub() {
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k</Key>"
            + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
  }

  @Test
  void overwriteFalseMakesCompleteConditionalAndTheSessionCarriesIt() {
    initiateStub();
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).willReturn(aResponse().withStatus(200)
        .withHeader("x-amz-version-id", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")
        .withBody("<CompleteMultipartUploadResult><Bucket>media</Bucket><Key>k</Key>"
            + "<ETag>\"x-1\"</ETag></CompleteMultipartUploadResult>")));
    try (S3MultipartClient s3 = client()) {
      assertThat(s3.capabilities().conditionalComplete()).isTrue();
      UploadSession s = s3.initiate(UploadRequest.builder().key("k").overwrite(false).build());
      // Another process completes it from the session JSON: the condition travels with it.
      io.unipart.UploadResult done = s3.complete(UploadSession.fromJson(s.toJson()),
          List.of(UploadedPart.of(1, "\"e\"", 5)));
      assertThat(done.versionId()).contains("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");
      UploadSession plain = s3.initiate(UploadRequest.builder().key("k").build());
      s3.complete(plain, List.of(UploadedPart.of(1, "\"e\"", 5)));
    }
    List<LoggedRequest> completes = wm.findAll(postRequestedFor(urlMatching(".*\\?uploadId=.*")));
    assertThat(completes).hasSize(2);
    assertThat(completes.get(0).getHeader("If-None-Match")).isEqualTo("*");
    assertThat(completes.get(0).getHeader("Authorization")).contains("if-none-match");
    assertThat(completes.get(1).containsHeader("If-None-Match")).isFalse();
    List<LoggedRequest> initiates = wm.findAll(postRequestedFor(urlMatching(".*\\?uploads")));
    assertThat(initiates).allSatisfy(r -> assertThat(r.containsHeader("If-None-Match")).isFalse());
  }

  @ParameterizedTest
  @CsvSource({"412, PreconditionFailed", "409, ConditionalRequestConflict"})
  void aRefusedConditionIsAnUploadConflict(int status, String code) {
    initiateStub();
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/xml")
        .withBody("<Error><Code>" + code + "</Code><Message>At least one of the pre-conditions"
            + " you specified did not hold</Message><RequestId>R9</RequestId></Error>")));
    try (S3MultipartClient s3 = client()) {
      UploadSession s = s3.initiate(UploadRequest.builder().key("k").overwrite(false).build());
      UploadConflictException e = catchThrowableOfType(() -> s3.complete(s,
          List.of(UploadedPart.of(1, "\"e\"", 5))), UploadConflictException.class);
      assertThat(e).isNotNull();
      assertThat(e.httpStatus()).isEqualTo(status);
      assertThat(e.errorCode()).isEqualTo(code);
      assertThat(e.requestId()).isEqualTo("R9");
      assertThat(e.attempts()).isEqualTo(1);
    }
    assertThat(wm.findAll(postRequestedFor(anyUrl()))).hasSize(2);
  }

  /**
   * Ceph RGW 16 ignores {@code If-None-Match: *} on complete and replaces the object (seen by the
   * store conformance suite): off AWS, a no-overwrite complete looks first. An object there (200,
   * or 400 for an SSE-C object read without its key) is a conflict before complete is sent; 404
   * and 403 (nothing known) leave the condition to the store.
   */
  @ParameterizedTest
  @CsvSource({"200, true", "400, true", "404, false", "403, false"})
  void offAwsAnExistingObjectIsFoundBeforeCompleteIsSent(int headStatus, boolean conflict) {
    initiateStub();
    wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.head(anyUrl())
        .willReturn(aResponse().withStatus(headStatus).withHeader("x-amz-request-id", "H1")));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).willReturn(aResponse().withStatus(200)
        .withBody("<CompleteMultipartUploadResult><Bucket>media</Bucket><Key>k</Key>"
            + "<ETag>\"x-1\"</ETag></CompleteMultipartUploadResult>")));
    try (S3MultipartClient s3 = client()) {
      UploadSession s = s3.initiate(UploadRequest.builder().key("k").overwrite(false).build());
      List<UploadedPart> parts = List.of(UploadedPart.of(1, "\"e\"", 5));
      if (conflict) {
        UploadConflictException e = catchThrowableOfType(() -> s3.complete(s, parts),
            UploadConflictException.class);
        assertThat(e.httpStatus()).isEqualTo(412);
        assertThat(e.getMessage()).contains("\"k\" already exists", "was not completed");
      } else {
        s3.complete(s, parts);
      }
      // A plain upload never looks.
      s3.complete(s3.initiate(UploadRequest.builder().key("k").build()), parts);
    }
    assertThat(wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor(
        anyUrl()))).hasSize(1);
    List<LoggedRequest> completes = wm.findAll(postRequestedFor(urlMatching(".*\\?uploadId=.*")));
    assertThat(completes).hasSize(conflict ? 1 : 2);
    if (!conflict) {
      assertThat(completes.get(0).getHeader("If-None-Match")).isEqualTo("*");
    }
  }
}
