package io.unipart.internal.xml;

import io.unipart.PartContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A part's bytes as they are, digested as they stream: each send opens a fresh digest, and one
 * that reads every byte hands its value on. A send cut short hands nothing on.
 */
final class DigestingStream extends FilterInputStream {
  private final MessageDigest digest;
  private final long length;
  private final Consumer<byte[]> onDigest;
  private long read;
  private boolean handed;

  private DigestingStream(InputStream in, MessageDigest digest, long length,
      Consumer<byte[]> onDigest) {
    super(in);
    this.digest = digest;
    this.length = length;
    this.onDigest = onDigest;
  }

  /**
   * The part as a body that digests each send.
   *
   * @param content the part
   * @param digest a fresh digest for each send
   * @param onDigest receives the digest of a send that read the whole part
   * @return the body, of the part's length
   */
  static PartContent body(PartContent content, Supplier<MessageDigest> digest,
      Consumer<byte[]> onDigest) {
    return PartContent.ofStream(content.length(), () -> new DigestingStream(content.openStream(),
        digest.get(), content.length(), onDigest));
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      counted(1);
    } else {
      counted(0);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
    }
    counted(Math.max(n, 0));
    return n;
  }

  /** Skipping would leave bytes out of the digest: refused, so every byte is read. */
  @Override
  public long skip(long n) {
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void counted(int n) {
    read += n;
    if (read == length && !handed) {
      handed = true;
      onDigest.accept(digest.digest());
    }
  }
}
