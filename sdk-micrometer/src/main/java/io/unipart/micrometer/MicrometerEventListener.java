package io.unipart.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.unipart.UploadEventListener;
import java.util.Objects;

/**
 * Binds unipart's upload events to Micrometer meters: give it to a client's builder for HTTP
 * attempts and to an uploader's for parts and transfers.
 *
 * <pre>{@code
 * MicrometerEventListener metrics = MicrometerEventListener.create(registry);
 * S3MultipartClient s3 = S3MultipartClient.builder()...eventListener(metrics).build();
 * MultipartUploader uploader = MultipartUploader.builder(s3).eventListener(metrics).build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code unipart.http.attempts}</td><td>timer</td>
 *       <td>dialect, call, status ({@code none} when no answer came), outcome ({@code success},
 *       {@code retried}, {@code failed})</td></tr>
 *   <tr><td>{@code unipart.http.retries}</td><td>counter</td><td>dialect, call, reason</td></tr>
 *   <tr><td>{@code unipart.http.sent}</td><td>distribution summary (bytes)</td>
 *       <td>dialect, call</td></tr>
 *   <tr><td>{@code unipart.parts}</td><td>timer</td><td>dialect, outcome ({@code succeeded},
 *       {@code failed})</td></tr>
 *   <tr><td>{@code unipart.parts.bytes}</td><td>distribution summary</td>
 *       <td>dialect, outcome</td></tr>
 *   <tr><td>{@code unipart.transfers}</td><td>timer</td><td>dialect, outcome ({@code
 *       completed}, {@code failed}, {@code cancelled})</td></tr>
 *   <tr><td>{@code unipart.transfers.bytes}</td><td>distribution summary</td>
 *       <td>dialect, outcome</td></tr>
 * </table>
 *
 * <p>Every tag value comes from a small fixed set (calls, statuses, reasons), never a key,
 * upload id or URL, so the meters stay few. Thread-safe.
 */
public final class MicrometerEventListener implements UploadEventListener {
  private final MeterRegistry registry;

  private MicrometerEventListener(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * A listener recording into a registry.
   *
   * @param registry where the meters go
   * @return the listener
   */
  public static MicrometerEventListener create(MeterRegistry registry) {
    return new MicrometerEventListener(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void attemptFinished(AttemptEvent a) {
    String outcome = a.retryReason() != null ? "retried"
        : a.status() >= 200 && a.status() < 300 && a.error() == null ? "success" : "failed";
    Timer.builder("unipart.http.attempts")
        .description("HTTP attempts, by call, status and outcome")
        .tags("dialect", a.dialect(), "call", a.call(),
            "status", a.status() < 0 ? "none" : String.valueOf(a.status()), "outcome", outcome)
        .register(registry).record(a.duration());
    if (a.retryReason() != null) {
      Counter.builder("unipart.http.retries")
          .description("attempts followed by another, by why")
          .tags("dialect", a.dialect(), "call", a.call(), "reason", a.retryReason())
          .register(registry).increment();
    }
    DistributionSummary.builder("unipart.http.sent").baseUnit("bytes")
        .description("request body bytes sent per attempt")
        .tags("dialect", a.dialect(), "call", a.call())
        .register(registry).record(a.requestBytes());
  }

  @Override
  public void partFinished(PartEvent p) {
    String outcome = p.succeeded() ? "succeeded" : "failed";
    Timer.builder("unipart.parts").description("parts, from first attempt to the end")
        .tags("dialect", p.dialect(), "outcome", outcome)
        .register(registry).record(p.duration());
    DistributionSummary.builder("unipart.parts.bytes").baseUnit("bytes")
        .tags("dialect", p.dialect(), "outcome", outcome)
        .register(registry).record(p.bytes());
  }

  @Override
  public void transferFinished(TransferEvent t) {
    String outcome = t.outcome().name().toLowerCase(java.util.Locale.ROOT);
    Timer.builder("unipart.transfers").description("whole transfers, start to end")
        .tags("dialect", t.dialect(), "outcome", outcome)
        .register(registry).record(t.duration());
    DistributionSummary.builder("unipart.transfers.bytes").baseUnit("bytes")
        .description("bytes the server acknowledged per transfer")
        .tags("dialect", t.dialect(), "outcome", outcome)
        .register(registry).record(t.bytes());
  }

  @Override
  public String toString() {
    return "MicrometerEventListener{" + registry.getClass().getSimpleName() + '}';
  }
}
