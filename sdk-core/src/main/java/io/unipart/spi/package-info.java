/**
 * For dialect authors: what a dialect implements ({@link io.unipart.spi.Signer}, {@link
 * io.unipart.spi.ErrorClassifier}, {@link io.unipart.spi.ResponseParser}) and the shared machinery
 * it uses ({@link io.unipart.spi.RequestExecutor}, {@link io.unipart.spi.ClientBuilder}, {@link
 * io.unipart.spi.Codecs}, {@link io.unipart.spi.FieldChecks}), plus the pluggable {@link
 * io.unipart.spi.HttpTransport} with its OkHttp and JDK implementations.
 *
 * <p>Application code normally needs only {@link io.unipart.spi.OkHttpTransport#create(okhttp3.OkHttpClient)}
 * or {@link io.unipart.spi.JdkHttpTransport} from here.
 */
package io.unipart.spi;
