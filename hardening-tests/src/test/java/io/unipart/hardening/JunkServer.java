package io.unipart.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A hostile server: answers every request at once with a 200 and then streams 50 MB of random
 * bytes without declaring a length, until the client hangs up.
 */
final class JunkServer implements AutoCloseable {
  static final int SIZE = 50 << 20;

  private final ServerSocket socket;
  private final Thread acceptor;

  JunkServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "junk-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private void serve() {
    byte[] chunk = new byte[64 << 10];
    new Random(11).nextBytes(chunk);
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        readHeaders(s.getInputStream());
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (int sent = 0; sent < SIZE; sent += chunk.length) {
          out.write(chunk);
        }
      } catch (IOException clientHungUp) {
        // expected: the client stops reading at its cap
      }
    }
  }

  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
