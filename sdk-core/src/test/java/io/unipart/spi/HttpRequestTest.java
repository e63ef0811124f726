package io.unipart.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request value type: copies are independent, header names match in any case. */
class HttpRequestTest {
  private final HttpRequest base = HttpRequest.builder("PUT", URI.create("https://h/b/k?x=1"))
      .header("content-type", "text/plain").header("X-Keep", "1")
      .body("abc".getBytes(StandardCharsets.UTF_8)).build();

  @Test
  void withHeadersEqualsTheBuilderRouteAndTakesTheNewSpelling() {
    HttpRequest fast = base.withHeaders("Content-Type", "video/mp4", "Date", "d");
    HttpRequest slow = base.toBuilder().header("Content-Type", "video/mp4").header("Date", "d")
        .build();
    assertThat(fast.headers()).isEqualTo(slow.headers());
    assertThat(fast.headers().keySet()).containsExactly("Content-Type", "Date", "X-Keep");
    assertThat(fast.header("CONTENT-TYPE")).isEqualTo("video/mp4");
    assertThat(fast.method()).isEqualTo("PUT");
    assertThat(fast.uri()).isEqualTo(base.uri());
    assertThat(fast.body()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(base.header("Date")).isNull();
    assertThat(base.header("content-type")).isEqualTo("text/plain");
  }

  @Test
  void withHeadersRefusesOddArgumentsAndNulls() {
    assertThatThrownBy(() -> base.withHeaders("A")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.withHeaders("A", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("A");
  }

  @Test
  void headersCannotBeChangedThroughTheView() {
    assertThatThrownBy(() -> base.headers().put("X", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
