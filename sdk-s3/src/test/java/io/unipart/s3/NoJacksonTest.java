package io.unipart.s3;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * sdk-s3 brings no Jackson into an application (sdk-core has it as an optional dependency, for
 * the JSON dialects only). This module's test class path is what a user's would be, so every
 * other test here, checkpoints and resumes against S3Proxy included, runs without Jackson; this
 * test fails if a change brings it back.
 */
class NoJacksonTest {
  @Test
  void jacksonIsNotOnTheClassPath() {
    ClassLoader loader = NoJacksonTest.class.getClassLoader();
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, loader));
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("com.fasterxml.jackson.core.JsonFactory", false, loader));
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("com.ctc.wstx.stax.WstxInputFactory", false, loader));
  }
}
