package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadSessionTest {

  static UploadSession full() {
    return UploadSession.builder()
        .dialect("presigned")
        .uploadId("up-1")
        .destination("project-7")
        .key("videos/東京 🎉.mp4")
        .requestId("req-9")
        .initiatedAt(Instant.parse("2026-11-21T10:15:30.123Z"))
        .partSize(8L << 20)
        .contentLength(20L << 20)
        .handle("requestKey", "rk-42")
        .addPart(PartTarget.builder().partNumber(1)
            .url(URI.create("https://cdn.example.com/p/1?X-Amz-Signature=abc&X-Amz-Credential=AK"))
            .expiresAt(Instant.parse("2026-11-22T10:15:30Z"))
            .header("Content-Type", "video/mp4").build())
        .addPart(PartTarget.of(2, URI.create("https://cdn.example.com/p/2?sig=def")))
        .build();
  }

  @Test
  void roundTripsThroughJsonWithEveryField() {
    UploadSession s = full();
    UploadSession back = UploadSession.fromJson(s.toJson());
    assertThat(back).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(back.parts().get(0).headers()).containsEntry("Content-Type", "video/mp4");
    assertThat(back.handles()).containsEntry("requestKey", "rk-42");
  }

  @Test
  void roundTripsAMinimalSession() {
    UploadSession s = UploadSession.builder().dialect("s3").uploadId("u").destination("b")
        .key("k").initiatedAt(Instant.EPOCH).build();
    UploadSession back = UploadSession.fromJson(s.toJson());
    assertThat(back).isEqualTo(s);
    assertThat(back.requestId()).isEmpty();
    assertThat(back.partSize()).isEmpty();
    assertThat(back.parts()).isEmpty();
  }

  @Test
  void jsonIsVersioned() {
    assertThat(full().toJson()).startsWith("{\"format\":1,");
  }

  @Test
  void toStringHidesPartUrlSignatures() {
    String text = full().toString();
    assertThat(text).contains("https://cdn.example.com/p/1?<redacted>")
        .doesNotContain("X-Amz-Signature").doesNotContain("sig=def");
  }

  @Test
  void isImmutable() {
    UploadSession s = full();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.parts().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.handles().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[]",
      "{\"dialect\":\"s3\"}",
      "{\"format\":2,\"dialect\":\"s3\",\"uploadId\":\"u\",\"destination\":\"b\",\"key\":\"k\","
          + "\"initiatedAt\":\"2026-01-01T00:00:00Z\"}",
      "{\"format\":1,\"dialect\":\"s3\",\"destination\":\"b\",\"key\":\"k\","
          + "\"initiatedAt\":\"2026-01-01T00:00:00Z\"}",
      "{\"format\":1,\"dialect\":\"s3\",\"uploadId\":7,\"destination\":\"b\",\"key\":\"k\","
          + "\"initiatedAt\":\"2026-01-01T00:00:00Z\"}",
      "{\"format\":1,\"dialect\":\"s3\",\"uploadId\":\"u\",\"destination\":\"b\",\"key\":\"k\","
          + "\"initiatedAt\":\"yesterday\"}",
      "{\"format\":1,\"dialect\":\"s3\",\"uploadId\":\"u\",\"destination\":\"b\",\"key\":\"k\","
          + "\"initiatedAt\":\"2026-01-01T00:00:00Z\",\"parts\":[{\"partNumber\":1,"
          + "\"url\":\"ftp://x/y\"}]}"})
  void rejectsTextThatIsNotASession(String json) {
    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> UploadSession.fromJson(json));
    assertThat(e).isNotNull();
    assertThat(e.field()).isNotEmpty();
  }

  @Test
  void requiredFieldsAreNamed() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadSession.builder().dialect("s3").destination("b").key("k")
            .initiatedAt(Instant.EPOCH).build());
    assertThat(e.field()).isEqualTo("uploadId");
  }
}
