package io.unipart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipart.examples.demo.Serve;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code unipart serve}: what it prints is enough for the next command, pasted as a user would
 * (the exports as the environment, the flags as they are), and the upload it serves lands.
 */
class ServeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"s3", "cos", "cognite", "rum", "presigned"})
  void whatServePrintsIsWhatTheNextCommandNeeds(String dialect) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    CountDownLatch stop = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    Future<Integer> serving = thread.submit(() -> Serve.run(dialect, 0,
        new PrintStream(printed, true, StandardCharsets.UTF_8), stop));
    try {
      List<String> lines = awaitLines(printed, serving);
      Map<String, String> env = new HashMap<>();
      List<String> upload = null;
      for (String line : lines) {
        String l = line.trim();
        if (l.startsWith("export ")) {
          String[] kv = l.substring("export ".length()).split("=", 2);
          env.put(kv[0], kv[1]);
        } else if (l.startsWith("unipart upload ")) {
          upload = new ArrayList<>(Arrays.asList(l.substring("unipart ".length()).split(" ")));
        }
      }
      assertThat(upload).as(String.join("\n", lines)).isNotNull();
      byte[] bytes = new byte[(6 << 20) + 5];
      new Random(9).nextBytes(bytes);
      Path file = Files.write(dir.resolve("demo.bin"), bytes);
      upload.set(upload.indexOf("FILE"), file.toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = UnipartCli.run(upload.toArray(String[]::new),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), env);
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8))
          .get("size").asLong()).isEqualTo(bytes.length);
    } finally {
      stop.countDown();
      assertThat(serving.get(60, TimeUnit.SECONDS)).isZero();
      thread.shutdownNow();
    }
  }

  @Test
  void aTakenPortOrAnUnknownDialectIsAUsageError() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ServerSocket taken = new ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress())) {
      int code = UnipartCli.run(new String[] {"serve", "cos", "--port",
          String.valueOf(taken.getLocalPort())}, new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
      assertThat(code).isEqualTo(UnipartCli.USAGE);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("is taken")
          .contains("serve --help");
    }
    err.reset();
    assertThat(UnipartCli.run(new String[] {"serve", "minio"},
        new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()))
        .isEqualTo(UnipartCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("s3, cos, cognite, rum or"
        + " presigned");
  }

  /** The lines serve printed, once it printed its commands (or failed). */
  private static List<String> awaitLines(ByteArrayOutputStream printed, Future<Integer> serving)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String text = printed.toString(StandardCharsets.UTF_8);
      if (text.contains("unipart init ")) {
        return text.lines().toList();
      }
      if (serving.isDone()) {
        serving.get(); // throws what failed
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("serve printed no commands: " + printed);
  }
}
