package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UploadRequestTest {

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("key", (Supplier<UploadRequest.Builder>) () -> UploadRequest.builder()),
        Arguments.of("key", (Supplier<UploadRequest.Builder>) () -> UploadRequest.builder().key("")),
        Arguments.of("contentType",
            (Supplier<UploadRequest.Builder>) () -> UploadRequest.builder().key("k").contentType(" ")),
        Arguments.of("contentLength",
            (Supplier<UploadRequest.Builder>) () -> UploadRequest.builder().key("k").contentLength(-1L)),
        Arguments.of("partSize",
            (Supplier<UploadRequest.Builder>) () -> UploadRequest.builder().key("k").partSize(0L)),
        Arguments.of("partCount",
            (Supplier<UploadRequest.Builder>) () -> UploadRequest.builder().key("k").partCount(0)),
        Arguments.of("partCount",
            (Supplier<UploadRequest.Builder>) () ->
                UploadRequest.builder().key("k").partCount(2).partSize(10L)),
        Arguments.of("metadata",
            (Supplier<UploadRequest.Builder>) () -> UploadRequest.builder().key("k").metadata("", "v")),
        Arguments.of("metadata[a]",
            (Supplier<UploadRequest.Builder>) () -> UploadRequest.builder().key("k").metadata("a", null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void buildRejectsNamingTheField(String field, Supplier<UploadRequest.Builder> builder) {
    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> builder.get().build());
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(field + ": ");
  }

  @Test
  void aPartSizeTakesPlainArithmeticAndStillTakesNull() {
    assertThat(UploadRequest.builder().key("k").partSize(8 * 1024 * 1024).build().partSize())
        .hasValue(8L << 20);
    Long none = null;
    assertThat(UploadRequest.builder().key("k").partSize(none).build().partSize()).isEmpty();
  }

  @Test
  void deadlineMustBePositive() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadRequest.builder().deadline(Duration.ZERO));
    assertThat(e.field()).isEqualTo("deadline");
  }

  @Test
  void keepsMetadataOrderAndCopiesOnToBuilder() {
    UploadRequest r = UploadRequest.builder().key("k").metadata("b", "2").metadata("a", "1")
        .contentLength(5L).overwrite(true).build();
    assertThat(r.metadata().keySet()).containsExactly("b", "a");
    UploadRequest copy = r.toBuilder().build();
    assertThat(copy).isEqualTo(r);
    assertThat(r.toBuilder().key("other").build()).isNotEqualTo(r);
    assertThat(r.overwrite()).contains(true);
  }

  @Test
  void toStringShowsMetadataNamesNotValues() {
    UploadRequest r = UploadRequest.builder().key("k").metadata("token", "s3cr3t").build();
    assertThat(r.toString()).contains("token").doesNotContain("s3cr3t");
  }
}
