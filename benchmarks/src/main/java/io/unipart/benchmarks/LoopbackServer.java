package io.unipart.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal keep-alive HTTP/1.1 server on loopback that answers every request with a canned
 * {@code InitiateMultipartUploadResult}: so little work that the server is not what is measured.
 */
public final class LoopbackServer implements AutoCloseable {
  static final String BUCKET = "bench";
  static final String KEY = "bench/object.bin";
  static final byte[] RESPONSE;

  static {
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><InitiateMultipartUploadResult xmlns="
        + "\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>" + BUCKET + "</Bucket><Key>" + KEY
        + "</Key><UploadId>VXBsb2FkIElEIGZvciBiZW5jaG1hcmtz</UploadId>"
        + "</InitiateMultipartUploadResult>").getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nx-amz-request-id: BENCH\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    RESPONSE = new byte[head.length + body.length];
    System.arraycopy(head, 0, RESPONSE, 0, head.length);
    System.arraycopy(body, 0, RESPONSE, head.length, body.length);
  }

  private final ServerSocket socket;
  /** When set, the header lines of the next request are copied here (for the floor request). */
  private volatile java.util.List<String> capture;

  public LoopbackServer(int port) throws IOException {
    socket = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "loopback-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        s.setTcpNoDelay(true);
        Thread t = new Thread(() -> serve(s), "loopback-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  /**
   * Records the header lines of the next request the server answers.
   *
   * @param call makes one request
   * @return its request line and header lines, as received
   * @throws Exception when the call fails
   */
  public java.util.List<String> captureNext(java.util.concurrent.Callable<?> call)
      throws Exception {
    java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    capture = lines;
    try {
      call.call();
      return java.util.List.copyOf(lines);
    } finally {
      capture = null;
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream()) {
      StringBuilder line = new StringBuilder();
      int contentLength = 0;
      boolean blank = true;
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          String l = line.toString().trim();
          line.setLength(0);
          if (l.isEmpty()) {
            if (!blank) {
              in.skipNBytes(contentLength);
              out.write(RESPONSE);
              out.flush();
              contentLength = 0;
              blank = true;
            }
            continue;
          }
          blank = false;
          java.util.List<String> sink = capture;
          if (sink != null) {
            sink.add(l);
          }
          if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
            contentLength = Integer.parseInt(l.substring(15).trim());
          }
        } else {
          line.append((char) b);
        }
      }
    } catch (IOException | RuntimeException closed) {
      // the client went away
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /**
   * Runs the server on its own, for the cold-start script.
   *
   * @param args the port
   * @throws Exception when it cannot start
   */
  public static void main(String[] args) throws Exception {
    try (LoopbackServer server = new LoopbackServer(Integer.parseInt(args[0]))) {
      System.out.println(server.endpoint());
      Thread.currentThread().join();
    }
  }
}
