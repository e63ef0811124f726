package io.unipart.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port that puts seeded faults on the connections it carries, between
 * a client and a local server (S3Proxy, a stand-in). Each new connection draws a fault: none, a
 * connection reset, a stall longer than the client's read timeout, slow bytes, a close in the
 * middle of the request body, or an injected 503 or 429 answer (the request read and dropped).
 * Every draw is logged with the seed, so a run can be replayed; faults can be switched off, e.g.
 * for a resume.
 *
 * <pre>{@code
 * try (ChaosProxy proxy = ChaosProxy.start(server.endpoint(), seed, 0.3, Duration.ofSeconds(3))) {
 *   S3MultipartClient.builder().endpoint(proxy.endpoint().toString())...
 * }
 * }</pre>
 */
public final class ChaosProxy implements AutoCloseable {
  /** What a connection suffers. */
  public enum Fault {
    /** Carried as it is. */
    NONE,
    /** Reset (RST) after some request bytes. */
    RESET,
    /** The answer held back longer than the client waits. */
    STALL,
    /** The answer sent a kilobyte at a time, with pauses. */
    SLOW,
    /** Closed in the middle of the request body. */
    CLOSE_MID_BODY,
    /** Answered 503 without reaching the server. */
    HTTP_503,
    /** Answered 429 without reaching the server. */
    HTTP_429
  }

  private static final Fault[] FAULTS = {Fault.RESET, Fault.STALL, Fault.SLOW,
      Fault.CLOSE_MID_BODY, Fault.HTTP_503, Fault.HTTP_429};

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Random random;
  private final double rate;
  private final Duration stall;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean faulty = true;

  private ChaosProxy(ServerSocket server, InetSocketAddress target, long seed, double rate,
      Duration stall) {
    this.server = server;
    this.target = target;
    this.random = new Random(seed);
    this.rate = rate;
    this.stall = stall;
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "chaos-proxy");
      t.setDaemon(true);
      return t;
    });
    log.add("seed " + seed + ", fault rate " + rate);
  }

  /**
   * Starts a proxy to a local server.
   *
   * @param upstream the server's endpoint ({@code http://127.0.0.1:port})
   * @param seed the seed of every draw
   * @param rate the share of connections that suffer a fault, 0..1
   * @param stall how long a stalled answer is held (longer than the client's read timeout)
   * @return the running proxy; close it to stop it
   * @throws IOException when no port can be bound
   */
  public static ChaosProxy start(URI upstream, long seed, double rate, Duration stall)
      throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ChaosProxy proxy = new ChaosProxy(s, new InetSocketAddress(upstream.getHost(),
        upstream.getPort()), seed, rate, stall);
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  /**
   * Where clients connect.
   *
   * @return {@code http://127.0.0.1:port}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /**
   * Turns faults on or off for connections made from now on.
   *
   * @param on whether to inject faults
   */
  public void faults(boolean on) {
    faulty = on;
  }

  /**
   * Every draw so far, with the seed first.
   *
   * @return a copy of the log
   */
  public List<String> log() {
    synchronized (log) {
      return new ArrayList<>(log);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        client.setTcpNoDelay(true);
        Fault fault;
        long param;
        synchronized (random) {
          fault = faulty && random.nextDouble() < rate
              ? FAULTS[random.nextInt(FAULTS.length)] : Fault.NONE;
          param = random.nextInt(64 * 1024);
        }
        int n = connections.incrementAndGet();
        if (fault != Fault.NONE) {
          log.add("connection " + n + ": " + fault.name().toLowerCase(Locale.ROOT)
              + (fault == Fault.RESET || fault == Fault.CLOSE_MID_BODY ? " after " + param
                  + " request bytes" : ""));
        }
        open.add(client);
        threads.execute(() -> carry(client, fault, param));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void carry(Socket client, Fault fault, long param) {
    Socket upstream = null;
    try {
      if (fault == Fault.HTTP_503 || fault == Fault.HTTP_429) {
        answerWithoutServer(client, fault == Fault.HTTP_503 ? 503 : 429);
        return;
      }
      upstream = new Socket();
      upstream.setTcpNoDelay(true);
      upstream.connect(target, 5_000);
      open.add(upstream);
      Socket up = upstream;
      threads.execute(() -> pump(client, up, fault == Fault.RESET || fault == Fault.CLOSE_MID_BODY
          ? fault : Fault.NONE, param));
      pump(upstream, client, fault == Fault.STALL || fault == Fault.SLOW ? fault : Fault.NONE, 0);
    } catch (IOException e) {
      // the other side went away
    } finally {
      closeQuietly(client, false);
      closeQuietly(upstream, false);
    }
  }

  /** Copies one direction; a fault may cut it short. */
  private void pump(Socket from, Socket to, Fault fault, long limit) {
    byte[] buffer = new byte[fault == Fault.SLOW ? 1024 : 64 * 1024];
    long carried = 0;
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if ((fault == Fault.RESET || fault == Fault.CLOSE_MID_BODY) && carried + n > limit) {
          closeQuietly(from, fault == Fault.RESET);
          closeQuietly(to, fault == Fault.RESET);
          return;
        }
        if (fault == Fault.STALL) {
          Thread.sleep(stall.toMillis());
          closeQuietly(to, false);
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
        carried += n;
        if (fault == Fault.SLOW) {
          Thread.sleep(2);
        }
      }
      to.shutdownOutput();
    } catch (IOException | InterruptedException e) {
      closeQuietly(to, false);
    }
  }

  /** Reads the request (headers and a Content-Length body), answers it, and closes. */
  private static void answerWithoutServer(Socket client, int status) throws IOException {
    InputStream in = client.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] h = head.toByteArray();
      int l = h.length;
      if (l >= 4 && h[l - 4] == '\r' && h[l - 3] == '\n' && h[l - 2] == '\r' && h[l - 1] == '\n') {
        break;
      }
    }
    long length = 0;
    for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    in.skipNBytes(length);
    String body = status == 503 ? "<Error><Code>SlowDown</Code><Message>Please reduce your"
        + " request rate.</Message></Error>" : "";
    String reply = "HTTP/1.1 " + status + (status == 503 ? " Service Unavailable"
        : " Too Many Requests") + "\r\nContent-Type: application/xml\r\nRetry-After: 0\r\n"
        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
    client.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
    client.getOutputStream().flush();
  }

  private void closeQuietly(Socket s, boolean reset) {
    if (s == null) {
      return;
    }
    try {
      if (reset) {
        s.setSoLinger(true, 0);
      }
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
    open.remove(s);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : open.toArray(new Socket[0])) {
      closeQuietly(s, false);
    }
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "ChaosProxy{" + endpoint() + " -> " + target + ", " + connections.get()
        + " connections}";
  }
}
