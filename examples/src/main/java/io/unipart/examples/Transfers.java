package io.unipart.examples;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.TransferOptions;
import io.unipart.UploadCheckpoint;
import io.unipart.UploadFailedException;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What {@code upload} and {@code resume} share: the uploader, the result, and interruptions. */
final class Transfers {
  static final ObjectMapper JSON = new ObjectMapper();

  private Transfers() {}

  static MultipartUploader uploader(MultipartClient client, Integer concurrency) {
    MultipartUploader.Builder b = MultipartUploader.builder(client);
    if (concurrency != null) {
      b.concurrency(concurrency);
    }
    return b.build();
  }

  static TransferOptions options(Path checkpoint, Progress progress) {
    return options(checkpoint, progress, null);
  }

  /** The same, paced to {@code bytesPerSecond} when it is given. */
  static TransferOptions options(Path checkpoint, Progress progress, Long bytesPerSecond) {
    return TransferOptions.builder().checkpoint(checkpoint).progressListener(progress)
        .bandwidthLimit(bytesPerSecond == null ? null
            : io.unipart.BandwidthLimit.bytesPerSecond(bytesPerSecond))
        .build();
  }

  /** The transfer a command runs: an upload or a resume, blocking until it ends. */
  @FunctionalInterface
  interface Body {
    UploadResult run() throws Exception;
  }

  /**
   * Runs a transfer while watching for Ctrl-C and SIGTERM, and prints its result. When a signal
   * stopped it, says what became of the upload and returns 130. The connection file beside the
   * checkpoint goes when the checkpoint went (completed, or aborted).
   */
  static int run(UnipartCli root, String source, Path checkpoint, Progress progress,
      Connection connection, Body body) throws Exception {
    try (Signals signals = Signals.watch(root)) {
      UploadResult result;
      try {
        result = body.run();
      } catch (RuntimeException e) {
        forgetConnectionIfGone(checkpoint);
        if (!signals.received()) {
          throw e;
        }
        interrupted(root.err, e, source);
        return signals.settled(UnipartCli.INTERRUPTED);
      }
      forgetConnectionIfGone(checkpoint);
      print(root.out, progress, result, connection.host());
      return signals.settled(UnipartCli.OK);
    }
  }

  private static void forgetConnectionIfGone(Path checkpoint) throws IOException {
    if (checkpoint != null && !java.nio.file.Files.exists(checkpoint)) {
      SavedConnection.delete(checkpoint);
    }
  }

  /** The finished upload as one line of JSON on standard output. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  /**
   * The result line. {@code partChecks}: what proved the parts intact, by {@link
   * io.unipart.PartCheck} name, with how many parts each proved (empty where the dialect reports
   * none). {@code location}: exactly what the store said; {@code locationNote}, only when that
   * names another host than the endpoint the upload went to (a store behind a proxy or a load
   * balancer often names its own), says so.
   */
  record Printed(String dialect, String destination, String key, String uploadId, long size,
      int parts, java.util.Map<io.unipart.PartCheck, Integer> partChecks, String etag,
      String location, String locationNote, String requestId) {}

  static void print(PrintStream out, Progress progress, UploadResult r, String endpointHost)
      throws JsonProcessingException {
    progress.finish(r.parts().size(), r.size());
    String location = r.location().orElse(null);
    out.println(JSON.writeValueAsString(new Printed(r.dialect(), r.destination(), r.key(),
        r.uploadId(), r.size(), r.parts().size(), r.partChecks(), r.etag().orElse(null),
        location, locationNote(location, endpointHost), r.requestId().orElse(null))));
  }

  /**
   * A note when the store's {@code Location} names a host that is neither the endpoint's nor a
   * name under it (virtual-hosted buckets: {@code media.s3.eu-central-1.amazonaws.com}).
   */
  static String locationNote(String location, String endpointHost) {
    if (location == null || endpointHost == null) {
      return null;
    }
    String host;
    try {
      host = java.net.URI.create(location).getHost();
    } catch (IllegalArgumentException e) {
      return "the store's location is not a URL; the object was uploaded to " + endpointHost;
    }
    if (host == null || host.equalsIgnoreCase(endpointHost)
        || host.toLowerCase(java.util.Locale.ROOT).endsWith("."
            + endpointHost.toLowerCase(java.util.Locale.ROOT))) {
      return null;
    }
    return "the store names host " + host + "; the object was uploaded to " + endpointHost;
  }

  /**
   * Says what became of an interrupted upload: aborted on the server, or kept with the exact
   * command that finishes it.
   */
  static void interrupted(PrintStream err, RuntimeException e, String source) {
    err.println();
    if (!(e instanceof UploadFailedException f)) {
      err.println("interrupted before the upload started: " + Errors.inFlags(e.getMessage()));
      return;
    }
    UploadSession s = f.session();
    String what = s.dialect() + " upload " + s.uploadId() + " of \"" + s.key() + "\"";
    if (f.aborted()) {
      err.println("interrupted: aborted " + what + "; the server freed its parts and nothing is"
          + " left behind");
      return;
    }
    Path checkpoint = f.checkpoint().orElse(null);
    if (checkpoint == null) {
      err.println("interrupted: " + Errors.inFlags(f.getMessage()));
      return;
    }
    String held = "";
    try {
      held = ", " + Progress.parts(UploadCheckpoint.read(checkpoint).parts().size())
          + " on the server";
    } catch (RuntimeException ex) {
      // the checkpoint is still the way back; the count is only a courtesy
    }
    err.println("interrupted: kept " + what + held + " (checkpoint " + checkpoint + ")");
    // The CLI's Cognite client has no abort (it never deletes files): offer none there.
    howToFinish(err, checkpoint, source, !s.dialect().equals("cognite"));
  }

  /** The commands that finish or (where the dialect can) abort the upload a checkpoint holds. */
  static void howToFinish(PrintStream err, Path checkpoint, String source, boolean canAbort) {
    String launcher = UnipartCli.launcher();
    err.println("  to finish it: " + Shell.command(launcher,
        List.of("resume", "--checkpoint", checkpoint.toString(), source)));
    if (source.equals("-")) {
      err.println("                 with the same bytes on standard input, from the start");
    }
    if (canAbort) {
      err.println("  to abort it:  " + Shell.command(launcher,
          List.of("abort", "--checkpoint", checkpoint.toString())));
    }
  }
}
