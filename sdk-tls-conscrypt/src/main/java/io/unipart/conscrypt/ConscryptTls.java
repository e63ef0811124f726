package io.unipart.conscrypt;

import java.security.Provider;
import org.conscrypt.Conscrypt;

/**
 * Conscrypt's BoringSSL as the TLS engine of one unipart client, for less CPU per GiB over
 * https than the JDK's own TLS (measured in docs/BENCHMARKS.md, "Performance, round three"):
 *
 * <pre>{@code
 * S3MultipartClient client = S3MultipartClient.builder()
 *     .endpoint("https://s3.eu-west-1.amazonaws.com").region("eu-west-1").bucket("media")
 *     .tlsProvider(ConscryptTls.provider())
 *     .build();
 * }</pre>
 *
 * <p>Only the client that is given the provider uses it: nothing is installed in the JVM's
 * provider list, the default {@code SSLContext} stays the JDK's. Certificates are still checked
 * by the JVM's own trust manager (against its trust store and the client's {@code
 * trustedCertificates}), host names by OkHttp's verifier.
 *
 * <p>Conscrypt ships native code for Linux and macOS on x86-64 and for Windows in the
 * {@code conscrypt-openjdk-uber} jar this module depends on; where none loads (another
 * platform, or a {@code /tmp} mounted {@code noexec}, where it unpacks its library), {@link
 * #provider()} says so and {@link #isAvailable()} is false, so an application can fall back to
 * the JDK's TLS. Stateless and thread-safe.
 */
public final class ConscryptTls {
  private ConscryptTls() {}

  /**
   * Whether Conscrypt's native library loads on this machine.
   *
   * @return true when {@link #provider()} will return a provider
   */
  public static boolean isAvailable() {
    return Holder.FAILURE == null;
  }

  /**
   * Conscrypt's provider, made once per class loader; give it to a client builder's {@code
   * tlsProvider(..)}.
   *
   * @return the provider
   * @throws IllegalStateException when Conscrypt's native library cannot load here, with the
   *     reason
   */
  public static Provider provider() {
    if (Holder.FAILURE != null) {
      throw new IllegalStateException("Conscrypt cannot be used on this machine ("
          + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): "
          + Holder.FAILURE + "; leave tlsProvider(..) unset to use the JDK's TLS",
          Holder.CAUSE);
    }
    return Holder.PROVIDER;
  }

  /** Loads the native library on first use, not when the class is named. */
  private static final class Holder {
    static final Provider PROVIDER;
    static final String FAILURE;
    static final Throwable CAUSE;

    static {
      Provider provider = null;
      String failure = null;
      Throwable cause = null;
      try {
        // Throws the native library's loading error, where it did not load.
        Conscrypt.checkAvailability();
        provider = Conscrypt.newProvider();
      } catch (LinkageError | RuntimeException e) {
        cause = e;
        failure = e.toString();
      }
      PROVIDER = provider;
      FAILURE = failure;
      CAUSE = cause;
    }
  }
}
