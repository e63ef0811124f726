package io.unipart.s3;

import io.unipart.PartContent;
import io.unipart.internal.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import okio.Buffer;
import okio.Okio;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one 8 MiB part costs the sending thread beyond the socket write, on one core, from memory
 * (no file, no network), so the sink matrix's CPU per GiB can be taken apart: the bare hashes
 * (SHA-256, MD5, CRC-32C, the copy they read from), and unipart's bodies as OkHttp pulls them
 * (Okio's 8 KiB reads into its own buffer): the part as it is ({@code plain}, what the floor
 * does), with its MD5 taken on the way ({@code streamedMd5}, the https default), aws-chunked with
 * every chunk signed ({@code signedChunks}, the http default) and unsigned with a CRC-32C trailer
 * ({@code crc32cTrailer}). One op is one part: seconds per GiB = ms/op x 128 / 1000.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PartPayloadBenchmark {
  private static final int PART = 8 << 20;
  private static final int READ = AwsChunkedEncoding.CHUNK;

  byte[] part;
  byte[] scratch;
  PartContent content;
  Digests.MacKey key;
  Buffer sink;

  @Setup
  public void setUp() {
    part = new byte[PART];
    new Random(42).nextBytes(part);
    scratch = new byte[READ];
    content = PartContent.ofBytes(part);
    key = new Digests.MacKey("HmacSHA256", new byte[32]);
    sink = new Buffer();
  }

  /** The memory copy every hash reads from: 128 KiB at a time. */
  @Benchmark
  public byte[] copy() {
    for (int off = 0; off < PART; off += READ) {
      System.arraycopy(part, off, scratch, 0, READ);
    }
    return scratch;
  }

  @Benchmark
  public byte[] sha256() {
    return hash(Digests.digest("SHA-256"));
  }

  @Benchmark
  public byte[] md5() {
    return hash(Digests.digest("MD5"));
  }

  @Benchmark
  public long crc32c() {
    CRC32C crc = new CRC32C();
    for (int off = 0; off < PART; off += READ) {
      crc.update(part, off, READ);
    }
    return crc.getValue();
  }

  private byte[] hash(MessageDigest digest) {
    for (int off = 0; off < PART; off += READ) {
      digest.update(part, off, READ);
    }
    return digest.digest();
  }

  /** The part as OkHttp pulls a plain body: the floor's path. */
  @Benchmark
  public long plain() throws IOException {
    return drain(content.openStream());
  }

  /** The https default: the part as it is, its MD5 taken as it streams. */
  @Benchmark
  public long streamedMd5() throws IOException {
    return drain(new DigestInputStream(content.openStream(), Digests.digest("MD5")));
  }

  /** The http default: aws-chunked, each 128 KiB chunk's SHA-256 signed, chained. */
  @Benchmark
  public long signedChunks() throws IOException {
    return drain(AwsChunkedEncoding.signedBody(content, key, "20261201T100000Z",
        "20261201/us-east-1/s3/aws4_request", "0".repeat(64)).openStream());
  }

  /** The flexible-checksum path over https: aws-chunked, unsigned, a CRC-32C trailer. */
  @Benchmark
  public long crc32cTrailer() throws IOException {
    return drain(AwsChunkedEncoding.trailerBody(content, "x-amz-checksum-crc32c", 8,
        io.unipart.internal.ChecksumDigest::crc32c, digest -> { }).openStream());
  }

  /** Pulls a body the way OkHttp's {@code RequestBody.writeTo} does, then drops it. */
  private long drain(InputStream in) throws IOException {
    try (in) {
      long n = sink.writeAll(Okio.source(in));
      sink.clear();
      return n;
    }
  }
}
