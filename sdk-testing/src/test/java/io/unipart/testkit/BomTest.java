package io.unipart.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM an application imports manages the JUnit this kit is built and tested with, so the
 * kit's extension and the application's JUnit engine agree.
 */
class BomTest {
  @Test
  void theBomManagesTheJUnitTheKitRunsOn() throws Exception {
    String bom = Files.readString(Path.of("..", "sdk-bom", "pom.xml"));
    Matcher junit = Pattern.compile("<groupId>org\\.junit</groupId>\\s*<artifactId>junit-bom"
        + "</artifactId>\\s*<version>([^<]+)</version>\\s*<type>pom</type>\\s*<scope>import"
        + "</scope>").matcher(bom);
    assertThat(junit.find()).as("sdk-bom imports org.junit:junit-bom").isTrue();
    String running = Test.class.getPackage().getImplementationVersion();
    assertThat(running).as("JUnit's version on this class path").isNotNull();
    assertThat(junit.group(1)).isEqualTo(running);
  }
}
