package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same upload run again over the checkpoint a killed run left: the first upload is resumed
 * (its recorded parts checked against the source, only the rest sent), never replaced by a second
 * one that would leave the first open on the server; a checkpoint that holds another upload, or
 * is not a checkpoint, is refused before any call and left byte for byte as it was. Against the
 * in-memory provider stand-in; the CLI's tests do the same on S3Proxy and the test kit's fakes.
 */
class CheckpointReuseTest {
  @TempDir Path dir;

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static UploadRequest request(String key) {
    return UploadRequest.builder().key(key).partSize(100L).build();
  }

  /** What a killed run leaves: an open upload holding parts 1-5 and a checkpoint listing them. */
  Path interrupted(FakeMultipartClient fake, Path source, String key) {
    Path checkpoint = dir.resolve(key + ".checkpoint");
    int open = fake.uploads.size();
    fake.failFrom = 6;
    catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).concurrency(1).build().upload(source,
            request(key), TransferOptions.builder().checkpoint(checkpoint).build()));
    fake.failFrom = Integer.MAX_VALUE;
    assertThat(fake.uploads).hasSize(open + 1);
    assertThat(checkpoint).exists();
    fake.calls.clear();
    return checkpoint;
  }

  @Test
  void theSameUploadRunAgainResumesTheFirstAndStartsNoOther() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    byte[] data = bytes(1000, 1);
    Path source = Files.write(dir.resolve("a.bin"), data);
    Path checkpoint = interrupted(fake, source, "a");

    UploadResult result = MultipartUploader.builder(fake).concurrency(1).build().upload(source,
        request("a"), TransferOptions.builder().checkpoint(checkpoint).build());

    assertThat(result.uploadId()).isEqualTo("up-1");
    assertThat(fake.callsOf("initiate")).isEmpty();
    assertThat(fake.callsOf("part")).extracting(c -> c.substring(c.lastIndexOf(' ') + 1))
        .containsExactly("6", "7", "8", "9", "10");
    assertThat(fake.objects.get("a")).isEqualTo(data);
    assertThat(fake.uploads).as("uploads left open").isEmpty();
    assertThat(checkpoint).doesNotExist();
  }

  @Test
  void aStreamRunAgainIsCheckedAgainstWhatWasSentAndResumed() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    byte[] data = bytes(1000, 2);
    Path checkpoint = dir.resolve("s.checkpoint");
    fake.failFrom = 4;
    catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).concurrency(1).build().upload(
            new ByteArrayInputStream(data), request("s"),
            TransferOptions.builder().checkpoint(checkpoint).build()));
    fake.failFrom = Integer.MAX_VALUE;
    fake.calls.clear();

    // Another stream: refused at the first recorded part that differs, nothing sent.
    byte[] other = data.clone();
    other[150] ^= 1;
    InvalidRequestException wrong = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).concurrency(1).build().upload(
            new ByteArrayInputStream(other), request("s"),
            TransferOptions.builder().checkpoint(checkpoint).build()));
    assertThat(wrong.getMessage()).contains("part 2 is the first that differs");
    assertThat(fake.callsOf("part")).isEmpty();
    assertThat(fake.callsOf("initiate")).isEmpty();
    assertThat(checkpoint).exists();

    MultipartUploader.builder(fake).concurrency(1).build().upload(new ByteArrayInputStream(data),
        request("s"), TransferOptions.builder().checkpoint(checkpoint).build());
    assertThat(fake.callsOf("initiate")).isEmpty();
    assertThat(fake.objects.get("s")).isEqualTo(data);
    assertThat(fake.uploads).isEmpty();
    assertThat(checkpoint).doesNotExist();
  }

  @Test
  void aCheckpointOfAnotherKeyIsRefusedBeforeAnyCallAndLeftAsItWas() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    Path source = Files.write(dir.resolve("b.bin"), bytes(1000, 3));
    Path checkpoint = interrupted(fake, source, "b");
    byte[] before = Files.readAllBytes(checkpoint);

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().upload(source, request("other-key"),
            TransferOptions.builder().checkpoint(checkpoint).build()));

    assertThat(e.field()).isEqualTo("checkpoint");
    assertThat(e.getMessage()).contains("already holds fake upload up-1 of \"b\" (5 parts"
        + " recorded)", "this upload is of key \"other-key\"", "resume", "abort");
    assertThat(fake.calls).isEmpty();
    assertThat(Files.readAllBytes(checkpoint)).isEqualTo(before);
    assertThat(fake.uploads).containsOnlyKeys("up-1");
  }

  @Test
  void anEditedSourceIsRefusedAsResumeRefusesItAndNothingIsSent() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    byte[] data = bytes(1000, 4);
    Path source = Files.write(dir.resolve("c.bin"), data);
    Path checkpoint = interrupted(fake, source, "c");
    byte[] before = Files.readAllBytes(checkpoint);
    data[420] ^= 1;
    Files.write(source, data);

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().upload(source, request("c"),
            TransferOptions.builder().checkpoint(checkpoint).build()));

    assertThat(e.field()).isEqualTo("file");
    assertThat(e.getMessage()).contains("part 5 is the first that differs", "abort");
    assertThat(fake.calls).isEmpty();
    assertThat(Files.readAllBytes(checkpoint)).isEqualTo(before);
  }

  @Test
  void aFileThatIsNotACheckpointIsRefusedAndLeftAsItWas() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    Path source = Files.write(dir.resolve("d.bin"), bytes(1000, 5));
    Path checkpoint = Files.writeString(dir.resolve("notes.txt"), "my notes, not a checkpoint");

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().upload(source, request("d"),
            TransferOptions.builder().checkpoint(checkpoint).build()));

    assertThat(e.field()).isEqualTo("checkpoint");
    assertThat(e.getMessage()).contains("already exists and cannot be read as a checkpoint");
    assertThat(fake.calls).isEmpty();
    assertThat(checkpoint).hasContent("my notes, not a checkpoint");
  }

  @Test
  void aStartedSessionOtherThanTheCheckpointsIsRefusedAndTheCheckpointsOwnIsResumed()
      throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    byte[] data = bytes(1000, 6);
    Path source = Files.write(dir.resolve("e.bin"), data);
    Path checkpoint = interrupted(fake, source, "e");
    UploadSession first = UploadCheckpoint.read(checkpoint).session();
    UploadSession second = fake.initiate(request("e").toBuilder().contentLength(1000L).build());
    fake.calls.clear();
    MultipartUploader uploader = MultipartUploader.builder(fake).concurrency(1).build();

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> uploader.upload(source, second,
            TransferOptions.builder().checkpoint(checkpoint).build()));
    assertThat(e.getMessage()).contains("the session given is another upload (up-2, left as it"
        + " is)");
    assertThat(fake.calls).isEmpty();

    uploader.upload(source, first, TransferOptions.builder().checkpoint(checkpoint).build());
    assertThat(fake.callsOf("part")).hasSize(5);
    assertThat(fake.objects.get("e")).isEqualTo(data);
    assertThat(fake.uploads).containsOnlyKeys("up-2");
  }

  @Test
  void aResumeIsNotAllowedToSaveIntoAnotherUploadsCheckpoint() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    Path a = Files.write(dir.resolve("f.bin"), bytes(1000, 7));
    Path first = interrupted(fake, a, "f");
    Path second = interrupted(fake, a, "g");
    byte[] before = Files.readAllBytes(second);

    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().resume(first, a,
            TransferOptions.builder().checkpoint(second).build()));

    assertThat(e.getMessage()).contains("the upload being resumed is another one (up-1)");
    assertThat(fake.calls).isEmpty();
    assertThat(Files.readAllBytes(second)).isEqualTo(before);
  }

  @Test
  void aCheckpointWrittenByAnotherRunWhileTheUploadStartsIsKeptAndTheNewUploadAborted()
      throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    Path source = Files.write(dir.resolve("h.bin"), bytes(1000, 8));
    Path checkpoint = dir.resolve("h.checkpoint");
    fake.onInitiate = () -> {
      try {
        Files.writeString(checkpoint, "the other run's");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };

    UploadFailedException e = catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).build().upload(source, request("h"),
            TransferOptions.builder().checkpoint(checkpoint).build()));

    assertThat(e.aborted()).isTrue();
    assertThat(e.checkpoint()).isEmpty();
    assertThat(e.getCause()).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("was written by another run");
    assertThat(fake.callsOf("abort")).containsExactly("abort up-1");
    assertThat(fake.callsOf("part")).isEmpty();
    assertThat(checkpoint).hasContent("the other run's");
    assertThat(dir.resolve("h.checkpoint.tmp")).doesNotExist();
  }
}
