package io.unipart.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The swap took: the S3 wire tests run in this module on OkHttp 5, not 4. */
class OkHttp5Test {

  @Test
  void okHttp5IsOnTheClasspathAndOkHttp4IsNot() throws Exception {
    assertThat(okhttp3.OkHttp.VERSION).startsWith("5.");
    String jar = okhttp3.OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation()
        .toString();
    assertThat(jar).contains("okhttp-jvm");
  }
}
