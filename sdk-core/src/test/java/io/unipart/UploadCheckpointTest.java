package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checkpoint text: written, read back, read by an independent parser, and refused when wrong. */
class UploadCheckpointTest {
  private static final String SESSION = "{\"format\":1,\"dialect\":\"s3\",\"uploadId\":\"u\","
      + "\"destination\":\"b\",\"key\":\"k\",\"initiatedAt\":\"2026-01-01T00:00:00Z\"}";

  private static UploadCheckpoint checkpoint() {
    return new UploadCheckpoint(UploadSessionTest.full(), 8L << 20, 20L << 20,
        1_764_547_200_123L,
        List.of(UploadedPart.of(2, "\"e2\"", 8L << 20), UploadedPart.of(1, null, 8L << 20)),
        java.util.Map.of(1, 0xcafef00dL, 2, 7L));
  }

  @Test
  void roundTripsThroughAFile(@TempDir Path dir) {
    UploadCheckpoint cp = checkpoint();
    Path file = dir.resolve("upload.checkpoint");
    cp.write(file);
    UploadCheckpoint back = UploadCheckpoint.read(file);
    assertThat(back.session()).isEqualTo(cp.session());
    assertThat(back.partSize()).isEqualTo(8L << 20);
    assertThat(back.contentLength()).isEqualTo(20L << 20);
    assertThat(back.parts()).containsExactly(UploadedPart.of(1, null, 8L << 20),
        UploadedPart.of(2, "\"e2\"", 8L << 20));
    assertThat(back.toJson()).isEqualTo(cp.toJson());
    assertThat(back.partChecksum(1)).hasValue(0xcafef00dL);
    assertThat(back.partChecksum(2)).hasValue(7L);
    assertThat(back.sourceLastModified()).contains(java.time.Instant.ofEpochMilli(
        1_764_547_200_123L));
    assertThat(back.toJson()).contains("\"crc32c\":\"cafef00d\"").contains("\"crc32c\":\"00000007\"");
  }

  @Test
  void isJsonAnotherParserReadsAsWritten() throws Exception {
    JsonNode tree = new ObjectMapper().readTree(checkpoint().toJson());
    assertThat(tree.get("format").asInt()).isEqualTo(2);
    assertThat(tree.get("sourceLastModified").asLong()).isEqualTo(1_764_547_200_123L);
    assertThat(tree.get("parts").get(0).get("crc32c").asText()).isEqualTo("cafef00d");
    assertThat(tree.get("partSize").asLong()).isEqualTo(8L << 20);
    assertThat(tree.get("session").get("key").asText()).isEqualTo("videos/東京 🎉.mp4");
    assertThat(tree.get("session").get("parts").get(0).get("headers").get("Content-Type")
        .asText()).isEqualTo("video/mp4");
    assertThat(tree.get("parts").get(1).get("etag").asText()).isEqualTo("\"e2\"");
    assertThat(tree.get("parts").get(0).has("etag")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json | checkpoint",
      "[] | checkpoint",
      "{\"format\":3} | checkpoint",
      "{\"format\":\"1\"} | checkpoint",
      "{\"format\":1,\"partSize\":1,\"contentLength\":1} | checkpoint.session",
      "{\"format\":1,\"session\":{\"format\":1},\"partSize\":1,\"contentLength\":1}"
          + " | checkpoint.session.dialect",
      "{\"format\":1,\"session\":SESSION,\"partSize\":0,\"contentLength\":1}"
          + " | checkpoint.partSize",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1.5,\"contentLength\":1}"
          + " | checkpoint.partSize",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1} | checkpoint.contentLength",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,\"parts\":{}}"
          + " | checkpoint.parts",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,\"parts\":[1]}"
          + " | checkpoint.parts",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"parts\":[{\"partNumber\":1,\"etag\":7,\"size\":1}]} | checkpoint.parts.etag",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"parts\":[{\"partNumber\":1,\"size\":\"1\"}]} | checkpoint.parts.size",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"parts\":[{\"size\":1}]} | checkpoint.parts.partNumber",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"parts\":[{\"partNumber\":-2,\"size\":1}]} | checkpoint.parts.partNumber",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"parts\":[{\"partNumber\":4294967297,\"size\":1}]} | checkpoint.parts.partNumber",
      "{\"format\":1,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"parts\":[{\"partNumber\":1,\"size\":-5}]} | checkpoint.parts.size",
      "{\"format\":2,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"parts\":[{\"partNumber\":1,\"size\":1,\"crc32c\":\"ABCD0123\"}]}"
          + " | checkpoint.parts.crc32c",
      "{\"format\":2,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"parts\":[{\"partNumber\":1,\"size\":1,\"crc32c\":12}]} | checkpoint.parts.crc32c",
      "{\"format\":2,\"session\":SESSION,\"partSize\":1,\"contentLength\":1,"
          + "\"sourceLastModified\":\"yesterday\"} | checkpoint.sourceLastModified"})
  void refusesTextThatIsNotACheckpointNamingTheField(String json, String field) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadCheckpoint.fromJson(json.replace("SESSION", SESSION)));
    assertThat(e).as(json).isNotNull();
    assertThat(e.field()).isEqualTo(field);
  }

  @Test
  void aSyntaxErrorSaysWhatAndWhere() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadCheckpoint.fromJson("{\n\"format\": 1,,\n}"));
    assertThat(e.field()).isEqualTo("checkpoint");
    assertThat(e.rule()).contains("is not valid JSON").contains("field name").contains("line 2");
  }

  @Test
  void aFileThatIsNotThereIsATypedError(@TempDir Path dir) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadCheckpoint.read(dir.resolve("missing")));
    assertThat(e.field()).isEqualTo("checkpoint");
    assertThat(Files.exists(dir.resolve("missing"))).isFalse();
  }
}
