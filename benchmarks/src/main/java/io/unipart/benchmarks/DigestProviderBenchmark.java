package io.unipart.benchmarks;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 33's last lever: would the Amazon Corretto Crypto Provider (OpenSSL's digests through
 * JNI) hash a part faster than the JDK's intrinsics? One op is one 8 MiB part hashed from memory
 * in 64 KiB updates, as a send feeds it; seconds per GiB = ms/op x 128 / 1000. The provider is
 * asked for by name, never installed in the JVM's list.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DigestProviderBenchmark {
  private static final int PART = 8 << 20;
  private static final int UPDATE = 64 << 10;

  @Param({"jdk", "accp"})
  public String provider;

  @Param({"MD5", "SHA-256"})
  public String algorithm;

  byte[] part;
  MessageDigest digest;

  @Setup
  public void setUp() throws Exception {
    part = new byte[PART];
    new Random(42).nextBytes(part);
    if (provider.equals("accp")) {
      Provider accp = AmazonCorrettoCryptoProvider.INSTANCE;
      accp.getClass(); // loads its native library
      AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
      digest = MessageDigest.getInstance(algorithm, accp);
    } else {
      digest = MessageDigest.getInstance(algorithm);
    }
  }

  /** One part through the digest, in the updates a send makes. */
  @Benchmark
  public byte[] part() {
    for (int off = 0; off < PART; off += UPDATE) {
      digest.update(part, off, UPDATE);
    }
    return digest.digest();
  }
}
