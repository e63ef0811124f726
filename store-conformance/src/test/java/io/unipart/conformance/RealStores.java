package io.unipart.conformance;

import io.unipart.testkit.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The S3 stores the suite runs against, started once per test JVM, all at once, and stopped when
 * it exits: S3Proxy from its jar (as the rest of the project runs it), and Ceph RADOS Gateway,
 * OpenStack Swift's s3api and Adobe S3Mock by their scripts in {@code stores/} (installed by
 * {@code stores/NAME.sh install}, which {@code .ci/run} does). A store that does not start fails
 * every test that needs it with its log; where it is simply not installed, outside CI its tests
 * are skipped saying how to install it, and in CI ({@code CI} set) they fail.
 */
final class RealStores {
  static final String ACCESS_KEY = "s3proxy-access";
  static final String SECRET_KEY = "s3proxy-secret";

  /** The stores, in the order the matrix lists them. */
  static final List<String> NAMES = List.of("s3proxy", "ceph", "swift", "s3mock");

  /** What a script-run store needs on the machine, from its Debian packages. */
  private static final Map<String, String> BINARY = Map.of("ceph", "radosgw",
      "swift", "swift-proxy-server");

  /** A store, or why it is not there. */
  record Started(String name, RealStore store, String missing, String failure) {}

  private static Map<String, Started> started;
  private static S3ProxyServer s3proxy;

  private RealStores() {}

  /** Every store, started on first use. */
  static synchronized Map<String, Started> all() {
    if (started == null) {
      started = startAll();
      Runtime.getRuntime().addShutdownHook(new Thread(RealStores::stopAll, "stores-stop"));
    }
    return started;
  }

  /** One store; a test that cannot have it fails, or is skipped outside CI if not installed. */
  static RealStore get(String name) {
    Started s = all().get(name);
    if (s.store() != null) {
      return s.store();
    }
    if (s.missing() != null && System.getenv("CI") == null) {
      org.junit.jupiter.api.Assumptions.abort(s.missing());
    }
    throw new AssertionError(name + " did not start: "
        + (s.failure() != null ? s.failure() : s.missing()));
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("unipart.repoRoot", "..")).toAbsolutePath().normalize();
  }

  static Path storesDir() {
    return Path.of(System.getProperty("unipart.storesDir", "target/stores")).toAbsolutePath();
  }

  private static Map<String, Started> startAll() {
    Map<String, CompletableFuture<Started>> starting = new LinkedHashMap<>();
    for (String name : NAMES) {
      starting.put(name, CompletableFuture.supplyAsync(() -> start(name)));
    }
    Map<String, Started> all = new LinkedHashMap<>();
    starting.forEach((name, f) -> all.put(name, f.join()));
    return all;
  }

  private static Started start(String name) {
    try {
      if (name.equals("s3proxy")) {
        return startS3Proxy();
      }
      String binary = BINARY.get(name);
      if (binary != null && !onPath(binary)) {
        return new Started(name, null, name + " is not installed here (no " + binary
            + "): run 'bash stores/" + name + ".sh install' as root", null);
      }
      Path dir = storesDir().resolve(name);
      Files.createDirectories(dir);
      Path log = dir.resolveSibling(name + "-start.log");
      Process p = new ProcessBuilder("bash", repoRoot().resolve("stores/" + name + ".sh")
          .toString(), "start", dir.toString()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(240, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Started(name, null, null, "no answer in 240 s; " + tail(log));
      }
      if (p.exitValue() != 0) {
        return new Started(name, null, null, "exit " + p.exitValue() + "; " + tail(log));
      }
      return new Started(name, RealStore.read(dir.resolve("store.properties")), null, null);
    } catch (IOException | RuntimeException e) {
      return new Started(name, null, null, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Started(name, null, null, "interrupted");
    }
  }

  private static Started startS3Proxy() throws IOException {
    s3proxy = S3ProxyServer.start(S3ProxyServer.locateJar(), ACCESS_KEY, SECRET_KEY);
    URI endpoint = s3proxy.endpoint();
    return new Started("s3proxy", new RealStore("s3proxy", S3ProxyServer.S3PROXY_VERSION,
        endpoint, Optional.empty(), Optional.empty(), "us-east-1", ACCESS_KEY, SECRET_KEY),
        null, null);
  }

  private static boolean onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/bin", binary));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "last lines of " + log + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "no log at " + log;
    }
  }

  private static void stopAll() {
    if (s3proxy != null) {
      s3proxy.close();
    }
    List<Process> stopping = new ArrayList<>();
    for (Started s : started.values()) {
      // Stopped whether it started or not: a start that failed half-way may leave daemons.
      if (s.name().equals("s3proxy") || s.missing() != null) {
        continue;
      }
      try {
        stopping.add(new ProcessBuilder("bash", repoRoot().resolve("stores/" + s.name()
            + ".sh").toString(), "stop", storesDir().resolve(s.name()).toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
      } catch (IOException e) {
        System.err.println("could not stop " + s.name() + ": " + e);
      }
    }
    for (Process p : stopping) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
