package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObjectHeadersTest {

  @Test
  void anInstantExpiresIsSentAsAnHttpDate() {
    ObjectHeaders h = ObjectHeaders.builder().expires(Instant.parse("2030-12-01T16:00:00Z")).build();
    assertThat(h.expires()).contains("Sun, 01 Dec 2030 16:00:00 GMT");
  }

  @Test
  void tagsKeepTheirOrderAndALaterValueWins() {
    ObjectHeaders h = ObjectHeaders.builder().tag("b", "1").tag("a", "2").tag("b", "3").build();
    assertThat(h.tags()).containsExactly(
        java.util.Map.entry("b", "3"), java.util.Map.entry("a", "2"));
  }

  @Test
  void toBuilderCopiesEveryValueAndEqualityFollowsThem() {
    ObjectHeaders h = ObjectHeaders.builder().cacheControl("no-cache").contentDisposition("inline")
        .contentEncoding("gzip").expires("Thu, 01 Dec 2033 16:00:00 GMT").tag("k", "v").build();
    assertThat(h.toBuilder().build()).isEqualTo(h).hasSameHashCodeAs(h);
    assertThat(h.toBuilder().contentEncoding("br").build()).isNotEqualTo(h);
    assertThat(h).isNotEqualTo(ObjectHeaders.NONE);
  }

  @Test
  void toStringLeavesTagValuesOut() {
    ObjectHeaders h = ObjectHeaders.builder().cacheControl("no-cache").tag("owner", "s3cret").build();
    assertThat(h.toString()).contains("cacheControl=no-cache", "owner").doesNotContain("s3cret");
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> ObjectHeaders.builder().cacheControl("a\r\nX-Evil: 1").build())
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("cacheControl"));
    assertThatThrownBy(() -> ObjectHeaders.builder().tag("", "v").build())
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("tags"));
    assertThatThrownBy(() -> ObjectHeaders.builder().tag("k", "\ud800").build())
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("tags[k]"));
    assertThatThrownBy(() -> ObjectHeaders.builder().tag(null, "v"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
