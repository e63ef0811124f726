package io.unipart.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.MultipartUploader;
import io.unipart.UploadEventListener;
import io.unipart.UploadException;
import io.unipart.UploadRequest;
import io.unipart.s3.ChecksumAlgorithm;
import io.unipart.s3.PayloadSigning;
import io.unipart.s3.S3MultipartClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every way unipart can send a part (each {@link PayloadSigning}, each flexible checksum), on
 * every store: the upload lands the exact bytes (read back by AWS's client), or fails typed and
 * leaves nothing open. The matrix says which, and whether the client had to fall back by itself
 * (a part refused and sent again another way, or sent again because its ETag was not its MD5).
 */
class PayloadModesConformanceTest {
  static final String SECTION = "Payload modes (unipart's client)";

  @TempDir Path dir;

  /** A mode: how the client is set, and the row it fills. */
  record Mode(String row, PayloadSigning signing, ChecksumAlgorithm checksum, boolean preset) {
    Mode(String row, PayloadSigning signing, ChecksumAlgorithm checksum) {
      this(row, signing, checksum, false);
    }

    @Override
    public String toString() {
      return row;
    }
  }

  static List<Mode> modes() {
    return List.of(
        new Mode("default (AUTO)", PayloadSigning.AUTO, null),
        new Mode("UNSIGNED (Content-MD5)", PayloadSigning.UNSIGNED, null),
        new Mode("STREAMING (signed aws-chunked)", PayloadSigning.STREAMING, null),
        new Mode("SHA256 (signed payload)", PayloadSigning.SHA256, null),
        new Mode("CRC32 checksum", PayloadSigning.AUTO, ChecksumAlgorithm.CRC32),
        new Mode("CRC32C checksum", PayloadSigning.AUTO, ChecksumAlgorithm.CRC32C),
        new Mode("CRC64NVME checksum", PayloadSigning.AUTO, ChecksumAlgorithm.CRC64NVME),
        new Mode("SHA256 checksum", PayloadSigning.AUTO, ChecksumAlgorithm.SHA256),
        new Mode("the store's preset, defaults", PayloadSigning.AUTO, null, true),
        new Mode("the store's preset, CRC32C checksum", PayloadSigning.AUTO,
            ChecksumAlgorithm.CRC32C, true));
  }

  static Stream<Arguments> cells() {
    return StoreTarget.all().flatMap(t -> modes().stream()
        .map(m -> Arguments.of(t.get()[0], m)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cells")
  void eachModeLandsTheExactBytesOrFailsLeavingNothing(StoreTarget target, Mode mode)
      throws Exception {
    RealStore store = target.running();
    if (mode.preset() && !store.hasPreset()) {
      Matrix.record(SECTION, mode.row(), target, "no preset");
      return;
    }
    byte[] data = new byte[(5 << 20) + 100_000];
    new Random(mode.row().hashCode()).nextBytes(data);
    Path file = Files.write(dir.resolve("m.bin"), data);
    List<UploadEventListener.AttemptEvent> parts = new CopyOnWriteArrayList<>();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      S3MultipartClient.Builder b = (mode.preset() ? store.preset(target.scheme(), bucket)
          : store.client(target.scheme(), bucket))
          .payloadSigning(mode.signing())
          .eventListener(new UploadEventListener() {
            @Override
            public void attemptFinished(AttemptEvent a) {
              if (a.call().equals("uploadPart") || a.call().equals("complete")) {
                parts.add(a);
              }
            }
          });
      if (mode.checksum() != null) {
        b.checksumAlgorithm(mode.checksum());
      }
      String outcome;
      try (S3MultipartClient s3 = b.build()) {
        io.unipart.UploadResult result = MultipartUploader.builder(s3).concurrency(1).build()
            .upload(file, UploadRequest.builder().key("mode.bin").build());
        byte[] landed = aws.getObjectAsBytes(r -> r.bucket(bucket).key("mode.bin"))
            .asByteArray();
        assertThat(landed).as("%s on %s", mode, target).isEqualTo(data);
        outcome = fallback(parts) + "; " + proof(result);
      } catch (io.unipart.InvalidRequestException e) {
        // Refused by the preset before any call (e.g. checksums with Swift): nothing was sent.
        outcome = "refused by unipart (" + e.field() + ")";
      } catch (UploadException e) {
        outcome = Outcomes.of(e);
        assertThat(LifecycleConformanceTest.open(aws, bucket, "")).isEmpty();
        assertThat(LifecycleConformanceTest.exists(aws, bucket, "mode.bin")).isFalse();
      }
      Matrix.record(SECTION, mode.row(), target, outcome);
    }
  }

  /**
   * What proved the parts intact, as the client reports it: a check the store was shown to make
   * (by the client's probe of a wrong value, or the preset's evidence), or the client's own.
   */
  static String proof(io.unipart.UploadResult result) {
    List<String> said = new java.util.ArrayList<>();
    result.partChecks().forEach((check, count) -> said.add(switch (check) {
      case CONTENT_MD5 -> "Content-MD5 checked by the store";
      case SIGNED_SHA256 -> "signed SHA-256 checked by the store";
      case CHUNK_SIGNATURES -> "chunk signatures checked by the store";
      case CHECKSUM_TRAILER -> "checksum trailer checked by the store";
      case ETAG_MD5 -> "ETag held to the MD5 by unipart";
    }));
    int proven = result.partChecks().values().stream().mapToInt(Integer::intValue).sum();
    if (proven < result.parts().size()) {
      said.add((result.parts().size() - proven) + " parts unproven");
    }
    return String.join(", ", said);
  }

  /**
   * What the attempts of parts and complete show: each sent once, or one refused and sent again
   * another way, or parts sent again.
   */
  static String fallback(List<UploadEventListener.AttemptEvent> attempts) {
    UploadEventListener.AttemptEvent refused = attempts.stream()
        .filter(a -> a.status() >= 400).findFirst().orElse(null);
    if (refused != null) {
      return "downgraded by itself after " + refused.status()
          + (refused.error() == null ? "" : " " + refused.error());
    }
    if (attempts.stream().filter(a -> a.call().equals("uploadPart")).count() > 2) {
      return "works, parts sent again with Content-MD5 (ETag not the MD5)";
    }
    return "works";
  }
}
