package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A resume never splices two sources into one object: every recorded part is checked against the
 * source offered before anything changes on the server, for each kind of dialect the engine
 * drives (listing parts with ETags from 1 like S3 and COS, listing bare chunk indexes from 0 like
 * RUM, not listing at all like the presigned API). Runs against an in-memory provider stand-in
 * behind the public {@link MultipartClient} interface, which keeps the bytes of every part and
 * records every call that changes its state.
 */
class ResumeSourceCheckTest {
  static final int PART = 1000;

  @TempDir Path dir;

  static Stream<Kind> kinds() {
    return Stream.of(Kind.LISTS_ETAGS, Kind.LISTS_INDEXES_FROM_0, Kind.CANNOT_LIST);
  }

  enum Kind {
    LISTS_ETAGS(1, true, true),
    LISTS_INDEXES_FROM_0(0, true, false),
    CANNOT_LIST(1, false, true);

    final int first;
    final boolean lists;
    final boolean etags;

    Kind(int first, boolean lists, boolean etags) {
      this.first = first;
      this.lists = lists;
      this.etags = etags;
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aDifferentFileOfTheSameSizeIsRefusedNamingTheFirstPart(Kind kind) throws Exception {
    Path original = file("a.bin", bytes(5500, 1));
    Path other = file("b.bin", bytes(5500, 2));
    Fake fake = new Fake(kind);
    Path checkpoint = interrupted(fake, original, 3);

    assertRefused(fake, checkpoint, other, "part " + kind.first + " is the first that differs");
    finishesWithTheOriginal(fake, checkpoint, original);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aTruncatedFileIsRefused(Kind kind) throws Exception {
    byte[] data = bytes(5500, 3);
    Path original = file("a.bin", data);
    Fake fake = new Fake(kind);
    Path checkpoint = interrupted(fake, original, 3);
    Path truncated = file("t.bin", java.util.Arrays.copyOf(data, 2500));

    String message = assertRefused(fake, checkpoint, truncated,
        "part " + (kind.first + 2) + " is the first that differs");
    assertThat(message).contains("has 2500 bytes, the checkpoint's source had 5500");
    finishesWithTheOriginal(fake, checkpoint, original);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void oneByteEditedInASentPartIsRefused(Kind kind) throws Exception {
    byte[] data = bytes(5500, 4);
    Path original = file("a.bin", data);
    Fake fake = new Fake(kind);
    Path checkpoint = interrupted(fake, original, 3);
    byte[] edited = data.clone();
    edited[1 * PART + 17] ^= 1; // inside the second part, which was sent
    Path changed = file("e.bin", edited);

    String message = assertRefused(fake, checkpoint, changed,
        "part " + (kind.first + 1) + " is the first that differs");
    assertThat(message).contains("bytes 1000..1999").contains("CRC-32C");
    finishesWithTheOriginal(fake, checkpoint, original);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aDifferentStreamIsRefusedAndTheCheckpointLeftAsItWas(Kind kind) throws Exception {
    byte[] data = bytes(5500, 5);
    Fake fake = new Fake(kind);
    Path checkpoint = dir.resolve("s.checkpoint");
    // A stream upload that stopped after its first 3 parts.
    fake.failFrom = kind.first + 3;
    catchThrowableOfType(() -> uploader(fake).upload(new ByteArrayInputStream(data),
        UploadRequest.builder().key("k").partSize((long) PART).build(),
        TransferOptions.builder().checkpoint(checkpoint).build()), UploadFailedException.class);
    fake.failFrom = Integer.MAX_VALUE;
    String before = Files.readString(checkpoint);
    byte[] edited = data.clone();
    edited[2 * PART + 5] ^= 1; // part 3, the last one sent
    int changesBefore = fake.changes.size();

    InvalidRequestException e = catchThrowableOfType(() -> uploader(fake).resume(checkpoint,
        new ByteArrayInputStream(edited), TransferOptions.builder().checkpoint(checkpoint)
            .build()), InvalidRequestException.class);

    assertThat(e.field()).isEqualTo("in");
    assertThat(e.getMessage()).contains("part " + (kind.first + 2) + " is the first that differs");
    assertThat(fake.changes.subList(changesBefore, fake.changes.size()))
        .noneMatch(c -> c.startsWith("complete") || c.startsWith("abort"));
    assertThat(Files.readString(checkpoint)).isEqualTo(before);

    UploadResult result = uploader(fake).resume(checkpoint, new ByteArrayInputStream(data),
        TransferOptions.builder().checkpoint(checkpoint).build());
    assertThat(result.size()).isEqualTo((long) data.length);
    assertThat(sha256(fake.completedBytes)).isEqualTo(sha256(data));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void theCheckpointRecordsTheSourceAndEachPartsChecksum(Kind kind) throws Exception {
    byte[] data = bytes(5500, 6);
    Path original = file("a.bin", data);
    Fake fake = new Fake(kind);
    Path checkpoint = interrupted(fake, original, 2);

    UploadCheckpoint cp = UploadCheckpoint.read(checkpoint);
    assertThat(cp.sourceLastModified()).contains(java.time.Instant.ofEpochMilli(
        Files.getLastModifiedTime(original).toMillis()));
    assertThat(cp.contentLength()).isEqualTo(5500L);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(data, PART, PART);
    assertThat(cp.partChecksum(kind.first + 1)).hasValue(crc.getValue());
    assertThat(cp.partChecksum(kind.first + 4)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aFormat1CheckpointsPartsAreSentAgainNotTrusted(Kind kind) throws Exception {
    byte[] data = bytes(3500, 7);
    Path original = file("a.bin", data);
    Fake fake = new Fake(kind);
    Path checkpoint = interrupted(fake, original, 2);
    // The same checkpoint as an older unipart wrote it: no source identity, no checksums.
    String old = Files.readString(checkpoint).replace("\"format\":2", "\"format\":1")
        .replaceAll(",\"crc32c\":\"[0-9a-f]{8}\"", "")
        .replaceAll(",\"sourceLastModified\":[0-9]+", "");
    Files.writeString(checkpoint, old);
    fake.sent.clear();

    uploader(fake).resume(checkpoint, original);

    // Without a listing whose ETag is the slice's MD5, nothing recorded can be checked.
    List<Integer> expected = new ArrayList<>();
    for (int i = kind.lists && kind.etags ? 2 : 0; i < 4; i++) {
      expected.add(kind.first + i);
    }
    assertThat(fake.sent).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(sha256(fake.completedBytes)).isEqualTo(sha256(data));
  }

  // ---- helpers ----

  String assertRefused(Fake fake, Path checkpoint, Path wrong, String expected) throws Exception {
    String before = Files.readString(checkpoint);
    int changes = fake.changes.size();
    InvalidRequestException e = catchThrowableOfType(
        () -> uploader(fake).resume(checkpoint, wrong), InvalidRequestException.class);
    assertThat(e).as("resume with a different file").isNotNull();
    assertThat(e.field()).isEqualTo("file");
    assertThat(e.getMessage()).contains(expected).contains("Nothing was sent");
    assertThat(fake.changes).as("calls that change the server's state").hasSize(changes);
    assertThat(Files.readString(checkpoint)).isEqualTo(before);
    return e.getMessage();
  }

  void finishesWithTheOriginal(Fake fake, Path checkpoint, Path original) throws Exception {
    UploadResult result = uploader(fake).resume(checkpoint, original);
    assertThat(result.size()).isEqualTo(Files.size(original));
    assertThat(sha256(fake.completedBytes)).isEqualTo(sha256(Files.readAllBytes(original)));
    assertThat(checkpoint).doesNotExist();
  }

  /** An upload of {@code file} whose parts after the first {@code sent} failed: kept. */
  Path interrupted(Fake fake, Path file, int sent) {
    Path checkpoint = dir.resolve(file.getFileName() + ".checkpoint");
    fake.failFrom = fake.kind.first + sent;
    UploadFailedException e = catchThrowableOfType(() -> uploader(fake).upload(file,
        UploadRequest.builder().key("k").partSize((long) PART).build(),
        TransferOptions.builder().checkpoint(checkpoint).build()), UploadFailedException.class);
    assertThat(e.checkpoint()).contains(checkpoint);
    fake.failFrom = Integer.MAX_VALUE;
    return checkpoint;
  }

  static MultipartUploader uploader(Fake fake) {
    return MultipartUploader.builder(fake).concurrency(1).build();
  }

  Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** A provider held in memory: parts by number, ETag the part's MD5 where the kind has ETags. */
  static final class Fake implements MultipartClient {
    final Kind kind;
    final Map<String, Map<Integer, byte[]>> uploads = new ConcurrentHashMap<>();
    final List<String> changes = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> sent = Collections.synchronizedList(new ArrayList<>());
    volatile int failFrom = Integer.MAX_VALUE;
    byte[] completedBytes;
    int ids;

    Fake(Kind kind) {
      this.kind = kind;
    }

    @Override
    public String dialect() {
      return "fake";
    }

    @Override
    public UploadCapabilities capabilities() {
      return UploadCapabilities.builder().partSize(1, 1 << 20).maxPartCount(10_000)
          .firstPartNumber(kind.first).canAbort(true).canListParts(kind.lists).build();
    }

    @Override
    public synchronized UploadSession initiate(UploadRequest request) {
      String id = "up-" + ++ids;
      uploads.put(id, new ConcurrentHashMap<>());
      changes.add("initiate " + id);
      return UploadSession.builder().dialect("fake").uploadId(id).destination("d")
          .key(request.key()).initiatedAt(java.time.Instant.parse("2026-11-30T00:00:00Z")).build();
    }

    @Override
    public UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content) {
      if (partNumber >= failFrom) {
        throw new TransportException("the network went away", null, 1, false);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        content.writeTo(out);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      uploads.get(session.uploadId()).put(partNumber, out.toByteArray());
      changes.add("part " + partNumber);
      sent.add(partNumber);
      return UploadedPart.of(partNumber, etag(out.toByteArray()), out.size());
    }

    String etag(byte[] bytes) {
      if (!kind.etags) {
        return null;
      }
      try {
        return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes))
            + "\"";
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public UploadResult complete(UploadSession session, List<UploadedPart> parts) {
      Map<Integer, byte[]> held = uploads.remove(session.uploadId());
      changes.add("complete");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (UploadedPart p : parts) {
        all.writeBytes(held.get(p.partNumber()));
      }
      completedBytes = all.toByteArray();
      return UploadResult.builder(session).parts(parts).build();
    }

    @Override
    public void abort(UploadSession session) {
      changes.add("abort");
      uploads.remove(session.uploadId());
    }

    @Override
    public java.util.concurrent.CompletableFuture<UploadSession> initiateAsync(
        UploadRequest request) {
      return java.util.concurrent.CompletableFuture.completedFuture(initiate(request));
    }

    @Override
    public void close() {}

    @Override
    public List<UploadedPart> listParts(UploadSession session) {
      List<UploadedPart> out = new ArrayList<>();
      new TreeMap<>(uploads.get(session.uploadId())).forEach((n, b) -> out.add(kind.etags
          ? UploadedPart.of(n, etag(b), b.length) : UploadedPart.of(n, null, -1)));
      return out;
    }
  }
}
