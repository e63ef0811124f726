package io.unipart.s3;

import io.unipart.spi.HttpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Published SigV4 vectors (see src/test/resources/sigv4/README.md for their sources). */
class SigV4VectorsTest {

  static Stream<String> vectors() {
    return Stream.of(
        "get-vanilla.vec",
        "s3-a-get-object.vec",
        "s3-b-put-object.vec",
        "s3-c-get-lifecycle.vec",
        "s3-d-list-objects.vec",
        "s3-d1-initiate.vec");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void reproducesEveryPublishedIntermediateValue(String name) throws IOException {
    Vector v = Vector.load(name);
    SigV4Signer signer =
        new SigV4Signer(
            v.fields.get("region"),
            v.fields.get("service"),
            AwsCredentialsProvider.of(
                AwsCredentials.of(v.fields.get("access-key"), v.fields.get("secret-key"))),
            Boolean.parseBoolean(v.fields.get("s3")));
    HttpRequest.Builder request =
        HttpRequest.builder(v.fields.get("method"), URI.create(v.fields.get("url")));
    for (String[] h : v.headers) {
      request.header(h[0], h[1]);
    }
    if (v.fields.containsKey("body")) {
      request.body(v.fields.get("body").getBytes(StandardCharsets.UTF_8));
    }
    Instant when = Instant.parse(v.fields.get("date"));

    SigV4Signer.Signature s = signer.explain(request.build(), when);

    if (v.sections.containsKey("canonical-request")) {
      assertThat(s.canonicalRequest).isEqualTo(v.sections.get("canonical-request"));
    }
    if (v.sections.containsKey("canonical-request-sha256")) {
      assertThat(SigV4Signer.hex(SigV4Signer.sha256(s.canonicalRequest)))
          .isEqualTo(v.sections.get("canonical-request-sha256"));
    }
    if (v.sections.containsKey("string-to-sign")) {
      assertThat(s.stringToSign).isEqualTo(v.sections.get("string-to-sign"));
    }
    assertThat(s.signature).isEqualTo(v.sections.get("signature"));
    if (v.sections.containsKey("authorization")) {
      assertThat(s.authorization).isEqualTo(v.sections.get("authorization"));
    }
    HttpRequest signed = signer.sign(request.build(), when);
    assertThat(signed.header("Authorization")).endsWith("Signature=" + v.sections.get("signature"));
  }

  /** One parsed .vec file. */
  static final class Vector {
    final Map<String, String> fields = new LinkedHashMap<>();
    final List<String[]> headers = new ArrayList<>();
    final Map<String, String> sections = new LinkedHashMap<>();

    static Vector load(String name) throws IOException {
      String text;
      try (InputStream in = SigV4VectorsTest.class.getResourceAsStream("/sigv4/" + name)) {
        assertThat(in).as(name).isNotNull();
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Vector v = new Vector();
      String section = null;
      StringBuilder body = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        if (line.startsWith("=== ")) {
          v.close(section, body);
          section = line.substring(4).trim();
          body.setLength(0);
        } else if (section != null) {
          body.append(line).append('\n');
        } else if (line.startsWith("header: ")) {
          String h = line.substring(8);
          int colon = h.indexOf(':');
          v.headers.add(new String[] {h.substring(0, colon), h.substring(colon + 1).trim()});
        } else if (!line.isBlank()) {
          int colon = line.indexOf(':');
          v.fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
      }
      v.close(section, body);
      return v;
    }

    private void close(String section, StringBuilder body) {
      if (section != null) {
        String s = body.toString();
        while (s.endsWith("\n")) {
          s = s.substring(0, s.length() - 1);
        }
        sections.put(section, s);
      }
    }
  }
}
