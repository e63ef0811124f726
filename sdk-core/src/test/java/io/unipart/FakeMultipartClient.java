package io.unipart;

import io.unipart.spi.ServiceError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory provider stand-in behind the public {@link MultipartClient} interface, for testing
 * the upload engine without HTTP. It keeps each upload's parts, assembles the object on complete
 * in the order the parts list gives, and logs every call. It follows the rules the engine relies
 * on from real providers: part numbers within the capabilities, a part sent again replaces the
 * earlier one, complete takes exactly the parts listed, an aborted or completed upload is gone.
 *
 * <p>Switches: fail a part a number of times, or every part from some number on; make part URLs
 * expire (issued-at-start dialects), with renewal keeping the upload or replacing it (as
 * Cognite's can); hold parts at a gate until released, to test cancel with parts in flight.
 * Thread-safe.
 */
final class FakeMultipartClient implements MultipartClient {
  final UploadCapabilities caps;
  /** Every call, in order: "initiate up-1", "part up-1 3", "complete up-1", "abort up-1", ... */
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Map<Integer, byte[]>> uploads = new ConcurrentHashMap<>();
  final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  /** Every request initiate was given, as the engine planned it. */
  final List<UploadRequest> initiated = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Set<String> expired = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  /** The names of the threads parts were sent on. */
  final Set<String> partThreads = ConcurrentHashMap.newKeySet();
  volatile int failFrom = Integer.MAX_VALUE;
  volatile boolean renewReplacesUpload;
  volatile CountDownLatch gate;
  /** Counted down as each part reaches the gate. */
  volatile CountDownLatch atGate;
  /** Run as initiate starts an upload: what else happens on the client's machine meanwhile. */
  volatile Runnable onInitiate = () -> {};

  FakeMultipartClient(UploadCapabilities caps) {
    this.caps = caps;
  }

  /** S3-like rules scaled down: parts of 1 byte to 1 MiB, up to 10,000, numbered from 1. */
  static FakeMultipartClient s3Like() {
    return new FakeMultipartClient(UploadCapabilities.builder().partSize(1, 1 << 20)
        .maxPartCount(10_000).firstPartNumber(1).canAbort(true).canListParts(true).build());
  }

  /** Cognite-like: one URL per part issued at start, numbered from 1, no listing. */
  static FakeMultipartClient urlsAtStart() {
    return new FakeMultipartClient(UploadCapabilities.builder().partSize(1, 1 << 20)
        .maxPartCount(250).firstPartNumber(1).canAbort(true).partUrlsIssuedAtStart(true)
        .build());
  }

  /** The part fails {@code times} times before it is accepted. */
  void failPart(int partNumber, int times) {
    failuresLeft.put(partNumber, new AtomicInteger(times));
  }

  /** Every part URL of the upload expires now: parts fail until the URLs are renewed. */
  void expireUrls(String uploadId) {
    expired.add(uploadId);
  }

  @Override
  public String dialect() {
    return "fake";
  }

  @Override
  public UploadCapabilities capabilities() {
    return caps;
  }

  @Override
  public UploadSession initiate(UploadRequest request) {
    String id = "up-" + ids.incrementAndGet();
    uploads.put(id, new ConcurrentHashMap<>());
    calls.add("initiate " + id);
    initiated.add(request);
    onInitiate.run();
    UploadSession.Builder b = UploadSession.builder().dialect("fake").uploadId(id)
        .destination("bucket").key(request.key()).initiatedAt(Instant.EPOCH);
    request.partSize().ifPresent(b::partSize);
    request.contentLength().ifPresent(b::contentLength);
    if (caps.partUrlsIssuedAtStart()) {
      b.parts(targets(id, request.contentLength().getAsLong(), request.partSize().getAsLong()));
    }
    return b.build();
  }

  private List<PartTarget> targets(String id, long length, long partSize) {
    int count = (int) Math.max(1, (length + partSize - 1) / partSize);
    List<PartTarget> parts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      parts.add(PartTarget.of(i, URI.create("https://fake.example/" + id + "/" + i)));
    }
    return parts;
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return CompletableFuture.supplyAsync(() -> initiate(request));
  }

  @Override
  public UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content) {
    partThreads.add(Thread.currentThread().getName());
    int now = inFlight.incrementAndGet();
    mostInFlight.accumulateAndGet(now, Math::max);
    try {
      return receive(session, partNumber, content);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private UploadedPart receive(UploadSession session, int partNumber, PartContent content) {
    Map<Integer, byte[]> parts = uploads.get(session.uploadId());
    if (parts == null) {
      throw ServiceException.of(ServiceError.builder(404).code("NoSuchUpload")
          .message("no upload " + session.uploadId()).build(), 1);
    }
    if (partNumber < caps.firstPartNumber()
        || partNumber >= caps.firstPartNumber() + caps.maxPartCount()) {
      throw new InvalidRequestException("partNumber", "out of range: " + partNumber);
    }
    if (expired.contains(session.uploadId()) || session.handles().containsKey("stale")) {
      throw new PartUrlExpiredException(ServiceError.builder(403).code("AccessDenied")
          .message("Request has expired").build(), 1, partNumber);
    }
    CountDownLatch g = gate;
    if (g != null) {
      CountDownLatch arrived = atGate;
      if (arrived != null) {
        arrived.countDown();
      }
      try {
        if (!g.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted at the gate", e, 1, false);
      }
    }
    AtomicInteger left = failuresLeft.get(partNumber);
    if (partNumber >= failFrom || (left != null && left.getAndDecrement() > 0)) {
      calls.add("part-failed " + session.uploadId() + " " + partNumber);
      throw new TransportException("the network went away", null, 1, false);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      content.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    parts.put(partNumber, out.toByteArray());
    calls.add("part " + session.uploadId() + " " + partNumber);
    return UploadedPart.of(partNumber, "\"etag-" + partNumber + "\"", out.size());
  }

  @Override
  public UploadResult complete(UploadSession session, List<UploadedPart> parts) {
    Map<Integer, byte[]> held = uploads.remove(session.uploadId());
    if (held == null) {
      throw ServiceException.of(ServiceError.builder(404).code("NoSuchUpload")
          .message("no upload " + session.uploadId()).build(), 1);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (UploadedPart p : parts) {
      byte[] bytes = held.get(p.partNumber());
      if (bytes == null) {
        throw new IllegalStateException("complete lists part " + p.partNumber()
            + " which the server does not hold");
      }
      all.writeBytes(bytes);
    }
    objects.put(session.key(), all.toByteArray());
    calls.add("complete " + session.uploadId());
    return UploadResult.builder(session).parts(parts).build();
  }

  @Override
  public void abort(UploadSession session) {
    uploads.remove(session.uploadId());
    calls.add("abort " + session.uploadId());
  }

  @Override
  public List<UploadedPart> listParts(UploadSession session) {
    Map<Integer, byte[]> held = uploads.get(session.uploadId());
    List<UploadedPart> out = new ArrayList<>();
    if (held != null) {
      held.forEach((n, b) -> out.add(UploadedPart.of(n, "\"etag-" + n + "\"", b.length)));
    }
    out.sort((a, b) -> Integer.compare(a.partNumber(), b.partNumber()));
    return out;
  }

  @Override
  public UploadSession renewPartUrls(UploadSession session) {
    calls.add("renew " + session.uploadId());
    expired.remove(session.uploadId());
    if (!renewReplacesUpload) {
      return session.toBuilder().build();
    }
    renewReplacesUpload = false;
    uploads.remove(session.uploadId());
    String id = "up-" + ids.incrementAndGet();
    uploads.put(id, new ConcurrentHashMap<>());
    return session.toBuilder().uploadId(id).parts(targets(id,
        session.contentLength().getAsLong(), session.partSize().getAsLong())).build();
  }

  /** The calls that start with this word, e.g. "part". */
  List<String> callsOf(String word) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.startsWith(word + " ")).toList();
    }
  }

  @Override
  public void close() {}
}
