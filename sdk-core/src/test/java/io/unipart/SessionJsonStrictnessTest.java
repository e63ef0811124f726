package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Session and checkpoint JSON on Jackson, held strict: a name given twice, content after the
 * value, a number where a string belongs and a fraction where a whole number belongs are refused
 * naming the field; generated sessions and checkpoints read back equal; and 10,000 one-character
 * mutants of them end in a value or an {@link InvalidRequestException}, nothing else.
 */
class SessionJsonStrictnessTest {
  static UploadSession session(Random random) {
    UploadSession.Builder b = UploadSession.builder().dialect(random.nextBoolean() ? "s3" : "cos")
        .uploadId("u-" + random.nextInt(1000) + (random.nextBoolean() ? "+/=\"\\" : ""))
        .destination("bucket").key("dir/東京 🎉 " + random.nextInt(100) + "\t\n")
        .initiatedAt(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000)));
    if (random.nextBoolean()) {
      b.partSize(5L << 20).contentLength((long) random.nextInt(Integer.MAX_VALUE));
    }
    if (random.nextBoolean()) {
      b.handle("requestKey", "rk" + random.nextInt(9)).handle("checksumAlgorithm", "CRC32");
    }
    for (int i = 1; i <= random.nextInt(3); i++) {
      b.addPart(PartTarget.builder().partNumber(i)
          .url(URI.create("https://s3.example.com/p" + i + "?sig=a%2Bb"))
          .expiresAt(Instant.ofEpochSecond(1_800_000_000L)).header("x-h", "v" + i).build());
    }
    return b.build();
  }

  @Test
  void generatedSessionsAndCheckpointsReadBackAndMutantsFailOnlyAsTyped() {
    Random random = new Random(1130);
    int read = 0;
    for (int i = 0; i < 400; i++) {
      UploadSession s = session(random);
      assertThat(UploadSession.fromJson(s.toJson())).isEqualTo(s);
      UploadCheckpoint cp = new UploadCheckpoint(s, 5L << 20, 12L << 20, 1_764_547_200_000L,
          List.of(UploadedPart.of(1, "\"e\"", 5L << 20).withChecksum(Checksum.of("CRC32",
              "AAAAAA=="))), Map.of(1, 0xabcdef01L));
      String json = cp.toJson();
      assertThat(UploadCheckpoint.fromJson(json).toJson()).isEqualTo(json);
      for (int m = 0; m < 50; m++) { // 20,000 mutants: about 10,000 for each reader
        String mutant = mutate(random.nextBoolean() ? json : s.toJson(), random);
        try {
          if (mutant.contains("\"session\"")) {
            UploadCheckpoint.fromJson(mutant);
          } else {
            UploadSession.fromJson(mutant);
          }
          read++;
        } catch (InvalidRequestException expected) {
          // the one allowed failure
        }
      }
    }
    assertThat(read).isBetween(1_000, 19_000);
  }

  static String mutate(String in, Random random) {
    String alphabet = "{}[]:,\"\\0123456789.eE+-tfnul ";
    int at = random.nextInt(in.length());
    char c = alphabet.charAt(random.nextInt(alphabet.length()));
    switch (random.nextInt(3)) {
      case 0:
        return in.substring(0, at) + c + in.substring(at + 1);
      case 1:
        return in.substring(0, at) + c + in.substring(at);
      default:
        return in.substring(0, at) + in.substring(at + 1);
    }
  }

  @Test
  void refusesDuplicatesTrailingContentAndCoercionNamingTheField() {
    String good = UploadSession.builder().dialect("s3").uploadId("u").destination("b").key("k")
        .initiatedAt(Instant.EPOCH).build().toJson();
    InvalidRequestException twice = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadSession.fromJson(good.replace("\"key\":\"k\"",
            "\"key\":\"k\",\"key\":\"other\"")));
    assertThat(twice.rule()).contains("Duplicate field 'key'");
    InvalidRequestException trailing = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadSession.fromJson(good + " {}"));
    assertThat(trailing.field()).isEqualTo("json");
    InvalidRequestException number = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadSession.fromJson(good.replace("\"uploadId\":\"u\"", "\"uploadId\":7")));
    assertThat(number.field()).isEqualTo("json.uploadId");
    assertThat(number.rule()).isEqualTo("must be a string");
    InvalidRequestException fraction = catchThrowableOfType(InvalidRequestException.class,
        () -> UploadSession.fromJson(good.replace("\"key\":\"k\"",
            "\"key\":\"k\",\"partSize\":1.5")));
    assertThat(fraction.field()).isEqualTo("json.partSize");
    assertThat(fraction.rule()).isEqualTo("must be a whole number");
    assertThat(UploadSession.fromJson(good.replace("\"key\":\"k\"",
        "\"key\":\"k\",\"addedLater\":{\"x\":[1]}")).key()).isEqualTo("k");
  }
}
