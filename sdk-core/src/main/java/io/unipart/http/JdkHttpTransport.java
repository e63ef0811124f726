package io.unipart.http;

import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseTooLargeException;
import io.unipart.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transport on the JDK's own {@link HttpClient}: no third-party code at all, and the request
 * path goes out exactly as built, {@code .} and {@code ..} segments included (which OkHttp cannot
 * do). Use it for object keys with such segments.
 *
 * <pre>{@code
 * S3MultipartClient.builder()...transport(JdkHttpTransport.create()).build();
 * }</pre>
 *
 * <p>Redirects are never followed. The JDK client sets {@code Host}, {@code Content-Length} and
 * {@code Connection} itself; {@code Expect: 100-continue} is honoured.
 */
public final class JdkHttpTransport implements HttpTransport {
  private static final Set<String> JDK_MANAGED = caseInsensitive("Host", "Content-Length",
      "Connection", "Expect", "Upgrade");

  private final HttpClient client;

  private JdkHttpTransport(HttpClient client) {
    this.client = client;
  }

  /**
   * A transport with the default {@link Timeouts}.
   *
   * @return the transport
   */
  public static JdkHttpTransport create() {
    return create(Timeouts.defaults());
  }

  /**
   * A transport with the given connect timeout (read and write are bounded by the per-attempt
   * timeout).
   *
   * @param timeouts the timeouts
   * @return the transport
   */
  public static JdkHttpTransport create(Timeouts timeouts) {
    return new JdkHttpTransport(
        HttpClient.newBuilder()
            .connectTimeout(timeouts.connect())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build());
  }

  /**
   * A transport on the caller's client. Its redirect policy must be {@code NEVER}.
   *
   * @param client the client
   * @return the transport
   * @throws IllegalArgumentException when the client follows redirects
   */
  public static JdkHttpTransport create(HttpClient client) {
    Objects.requireNonNull(client, "client");
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the client must not follow redirects");
    }
    return new JdkHttpTransport(client);
  }

  /**
   * The JDK 17 client sends {@code Content-Length} on every request, a bodiless GET, HEAD or
   * DELETE included ({@code Content-Length: 0}; JDK-8283544, fixed in JDK 19), and the header
   * cannot be removed: it is made explicit here, so a signer that signs it signs what is sent.
   *
   * @param request the request
   * @return the request with the {@code Content-Length} the JDK will send
   */
  @Override
  public HttpRequest onWire(HttpRequest request) {
    String length = String.valueOf(request.bodyLength());
    return length.equals(request.header("Content-Length")) ? request
        : request.withHeaders("Content-Length", length);
  }

  @Override
  public HttpResponse execute(HttpRequest request, Duration timeout, long maxBodyBytes)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    java.net.http.HttpRequest.Builder rb =
        java.net.http.HttpRequest.newBuilder(request.uri()).timeout(timeout);
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      if (!JDK_MANAGED.contains(h.getKey())) {
        rb.header(h.getKey(), h.getValue());
      }
    }
    String expect = request.header("Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      rb.expectContinue(true);
    }
    rb.method(request.method(), publisher(request));

    CompletableFuture<java.net.http.HttpResponse<InputStream>> future =
        client.sendAsync(rb.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    java.net.http.HttpResponse<InputStream> response;
    try {
      response = future.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException("request timed out after " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException(cause);
    }

    HttpResponse.Builder out = HttpResponse.builder(response.statusCode());
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":")) {
        values.forEach(v -> out.header(name, v));
      }
    });
    return out.body(readCapped(response, deadline, maxBodyBytes)).build();
  }

  @Override
  public boolean preservesDotSegments() {
    return true;
  }

  private static byte[] readCapped(
      java.net.http.HttpResponse<InputStream> response, long deadline, long max)
      throws IOException {
    String declared = response.headers().firstValue("Content-Length").orElse(null);
    InputStream in = response.body();
    AtomicBoolean timedOut = new AtomicBoolean();
    CompletableFuture<Void> guard = new CompletableFuture<>();
    guard
        .completeOnTimeout(null, remaining(deadline), TimeUnit.NANOSECONDS)
        .thenRun(() -> {
          timedOut.set(true);
          closeQuietly(in);
        });
    try (in) {
      if (declared != null && parseLong(declared) > max) {
        throw new ResponseTooLargeException(response.statusCode(), max);
      }
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) != -1) {
        buffer.write(chunk, 0, n);
        if (buffer.size() > max) {
          throw new ResponseTooLargeException(response.statusCode(), max);
        }
      }
      return buffer.toByteArray();
    } catch (IOException e) {
      if (timedOut.get()) {
        throw new HttpTimeoutException("response body not read in time");
      }
      throw e;
    } finally {
      guard.cancel(false);
    }
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing only to unblock the reader
    }
  }

  private static Set<String> caseInsensitive(String... names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(List.of(names));
    return set;
  }

  private static java.net.http.HttpRequest.BodyPublisher publisher(HttpRequest request) {
    io.unipart.PartContent content = request.streamedBody();
    if (content != null) {
      return java.net.http.HttpRequest.BodyPublishers.fromPublisher(
          java.net.http.HttpRequest.BodyPublishers.ofInputStream(
              () -> {
                try {
                  return content.openStream();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }),
          content.length());
    }
    byte[] body = request.bodyBytes();
    return body.length == 0
            && !(request.method().equals("POST") || request.method().equals("PUT"))
        ? java.net.http.HttpRequest.BodyPublishers.noBody()
        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(body);
  }
}
