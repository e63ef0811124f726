package io.unipart.cos;

import io.unipart.spi.HttpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Published COS vectors (sources in src/test/resources/cos-vectors/README.md). */
class CosSignatureVectorsTest {

  static Stream<String> vectors() {
    return Stream.of(
        "cos-a-put-object.vec", "cos-b-get-object.vec", "cos-c-go-sdk.vec", "cos-d1-initiate.vec");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void reproducesSignKeyHttpStringStringToSignAndSignature(String name) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String[]> headers = new ArrayList<>();
    Map<String, String> sections = new LinkedHashMap<>();
    load(name, fields, headers, sections);
    HttpRequest.Builder request =
        HttpRequest.builder(fields.get("method"), URI.create(fields.get("url")));
    headers.forEach(h -> request.header(h[0], h[1]));
    String[] keyTime = fields.get("key-time").split(";");

    CosSigner.Signature s = CosSigner.compute(request.build(),
        CosCredentials.of(fields.get("secret-id"), fields.get("secret-key")),
        Long.parseLong(keyTime[0]), Long.parseLong(keyTime[1]));

    assertThat(s.signKey).isEqualTo(sections.get("sign-key"));
    if (sections.containsKey("http-string")) {
      assertThat(s.httpString).isEqualTo(sections.get("http-string") + "\n");
    }
    assertThat(s.stringToSign).isEqualTo(sections.get("string-to-sign") + "\n");
    if (sections.containsKey("signature")) {
      assertThat(s.signature).isEqualTo(sections.get("signature"));
    }
    assertThat(s.authorization).isEqualTo(sections.get("authorization"));
  }

  private static void load(String name, Map<String, String> fields, List<String[]> headers,
      Map<String, String> sections) throws IOException {
    String text;
    try (InputStream in = CosSignatureVectorsTest.class.getResourceAsStream("/cos-vectors/" + name)) {
      assertThat(in).as(name).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String section = null;
    StringBuilder body = new StringBuilder();
    for (String line : (text + "=== end\n").split("\n", -1)) {
      if (line.startsWith("=== ")) {
        if (section != null) {
          sections.put(section, body.toString().replaceAll("\n+$", ""));
        }
        section = line.substring(4).trim();
        body.setLength(0);
      } else if (section != null) {
        body.append(line).append('\n');
      } else if (line.startsWith("header: ")) {
        String h = line.substring(8);
        int colon = h.indexOf(':');
        headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).trim()});
      } else if (!line.isBlank()) {
        int colon = line.indexOf(':');
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
  }
}
