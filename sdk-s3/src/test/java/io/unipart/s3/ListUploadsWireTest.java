package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.PendingUpload;
import io.unipart.ServiceException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ListMultipartUploads: the query S3 documents, every page by both markers, and what it reads. */
class ListUploadsWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  S3MultipartClient client(boolean pathStyle) {
    return S3MultipartClient.builder().endpoint("http://127.0.0.1:" + wm.getPort())
        .region("us-east-1").bucket("media").pathStyle(pathStyle).allowPlainHttp(true)
        .credentials(AwsCredentials.of("AKID", "secret")).sleeper(d -> {}).build();
  }

  static String upload(String key, String id, String initiated) {
    return "<Upload><Key>" + key + "</Key><UploadId>" + id + "</UploadId><Initiator><ID>i</ID>"
        + "</Initiator><StorageClass>STANDARD</StorageClass><Initiated>" + initiated
        + "</Initiated></Upload>";
  }

  @Test
  void followsBothMarkersOverEveryPage() {
    wm.stubFor(get(urlMatching("/media\\?uploads&max-uploads=1000&prefix=v%2F"))
        .willReturn(aResponse().withStatus(200).withBody("<?xml version=\"1.0\"?>"
            + "<ListMultipartUploadsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<Bucket>media</Bucket><Prefix>v/</Prefix><IsTruncated>true</IsTruncated>"
            + "<NextKeyMarker>v/b &amp; c</NextKeyMarker><NextUploadIdMarker>id-2"
            + "</NextUploadIdMarker>"
            + upload("v/a", "id-1", "2026-11-29T10:00:00.000Z")
            + upload("v/b &amp; c", "id-2", "2026-11-30T09:00:00.000Z")
            + "</ListMultipartUploadsResult>")));
    wm.stubFor(get(urlMatching("/media\\?uploads&key-marker=v%2Fb%20%26%20c&max-uploads=1000"
        + "&prefix=v%2F&upload-id-marker=id-2"))
        .willReturn(aResponse().withStatus(200).withBody("<ListMultipartUploadsResult>"
            + "<IsTruncated>false</IsTruncated>"
            + upload("v/b &amp; c", "id-3", "garbled")
            + "</ListMultipartUploadsResult>")));
    List<PendingUpload> uploads;
    try (S3MultipartClient s3 = client(true)) {
      uploads = s3.listUploads("v/");
    }
    assertThat(uploads).containsExactly(
        PendingUpload.of("s3", "media", "v/a", "id-1", Instant.parse("2026-11-29T10:00:00Z")),
        PendingUpload.of("s3", "media", "v/b & c", "id-2", Instant.parse("2026-11-30T09:00:00Z")),
        PendingUpload.of("s3", "media", "v/b & c", "id-3", null));
    assertThat(uploads.get(1).session().key()).isEqualTo("v/b & c");
    assertThat(uploads.get(1).session().uploadId()).isEqualTo("id-2");
    List<LoggedRequest> sent = wm.findAll(getRequestedFor(urlMatching(".*")));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256");
  }

  @Test
  void aTruncatedPageWhoseMarkersDoNotMoveIsAnError() {
    wm.stubFor(get(urlMatching("/media\\?uploads.*")).willReturn(aResponse().withStatus(200)
        .withBody("<ListMultipartUploadsResult><IsTruncated>true</IsTruncated>"
            + "<NextKeyMarker>k</NextKeyMarker><NextUploadIdMarker>i</NextUploadIdMarker>"
            + "</ListMultipartUploadsResult>")));
    try (S3MultipartClient s3 = client(true)) {
      ServiceException e = catchThrowableOfType(() -> s3.listUploads(""),
          ServiceException.class);
      assertThat(e.getMessage()).contains("do not move on");
    }
    assertThat(wm.findAll(getRequestedFor(urlMatching(".*")))).hasSize(2);
  }
}
