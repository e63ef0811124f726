package io.unipart;

import java.time.Duration;

/**
 * Waits between retries. Exists so that tests can run backoff without sleeping:
 *
 * <pre>{@code
 * List<Duration> waits = new CopyOnWriteArrayList<>();
 * S3MultipartClient.builder()...sleeper(waits::add).build();
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for the given time.
   *
   * @param duration how long to wait, never negative
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The real thing: {@link Thread#sleep(long)}.
   *
   * @return a sleeper that blocks the calling thread
   */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}
