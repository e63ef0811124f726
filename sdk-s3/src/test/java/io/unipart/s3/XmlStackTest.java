package io.unipart.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The XML stack an S3 user gets (this module's test class path is what a user's would be): Jackson
 * and its XML module on Woodstox, the chosen stack; and no other XML or JSON library of unipart's
 * choosing.
 */
class XmlStackTest {
  @Test
  void jacksonXmlOnWoodstoxIsTheStack() throws Exception {
    ClassLoader loader = XmlStackTest.class.getClassLoader();
    assertThat(Class.forName("com.fasterxml.jackson.dataformat.xml.XmlMapper", false, loader))
        .isNotNull();
    assertThat(Class.forName("com.ctc.wstx.stax.WstxInputFactory", false, loader)).isNotNull();
    // The dialect's own hand-written XML reader is gone.
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> Class.forName("io.unipart.spi.SmallXmlReader", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
