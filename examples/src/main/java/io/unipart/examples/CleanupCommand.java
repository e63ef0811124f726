package io.unipart.examples;

import io.unipart.MultipartClient;
import io.unipart.PendingUpload;
import io.unipart.UploadException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cleanup}: aborts uploads left open longer than an age (s3, cos). */
@Command(name = "cleanup", abbreviateSynopsis = true,
    header = "Abort the uploads in an s3 or cos bucket started more than AGE ago.",
    description = {"Lists them first; aborts only with --yes. Uploads that show no start time are"
        + " left alone.", ""},
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {"  unipart cleanup --dialect s3 --aws eu-central-1 --bucket media --older-than 7d",
        "  unipart cleanup --dialect cos --region ap-beijing --bucket media-1250000000 \\",
        "      --older-than 24h --prefix tmp/ --yes"})
final class CleanupCommand implements Callable<Integer> {
  @ParentCommand
  UnipartCli root;

  @Spec
  CommandSpec spec;

  @Option(names = "--older-than", paramLabel = "AGE", required = true, order = 0,
      converter = Units.Age.class,
      description = "90s, 30m, 24h, 7d, 2w, or ISO-8601 such as PT36H")
  Duration age;

  @Option(names = "--prefix", paramLabel = "PREFIX", order = 1,
      description = "only keys that start with PREFIX")
  String prefix = "";

  @Option(names = "--yes", order = 2, description = "abort them (without it, only list them)")
  boolean yes;

  @Option(names = "--json", order = 3,
      description = "print one JSON document instead of lines: each upload with \"aborted\""
          + " (true, false when it failed, null without --yes) and the counts")
  boolean json;

  @Mixin
  Connection connection;

  @Mixin
  HelpOption help;

  @Override
  public Integer call() throws Exception {
    Instant cutoff = root.clock.instant().minus(age);
    int failed = 0;
    List<PendingUpload> old = new ArrayList<>();
    List<Done.Upload> done = new ArrayList<>();
    int undated = 0;
    try (MultipartClient client = UploadsCommand.listing(connection, spec,
        Set.of("--older-than", "--prefix", "--yes", "--json"), root)) {
      for (PendingUpload u : client.listUploads(prefix)) {
        if (u.initiated().isEmpty()) {
          undated++;
        } else if (u.initiated().get().isBefore(cutoff)) {
          old.add(u);
        }
      }
      if (!json) {
        UploadsCommand.print(old, root.out);
      }
      if (undated > 0 && !json) {
        root.err.println("note: " + UploadsCommand.count(undated) + " show"
            + (undated == 1 ? "s" : "") + " no start time and "
            + (undated == 1 ? "is" : "are") + " left alone");
      }
      if (old.isEmpty() || !yes) {
        old.forEach(u -> done.add(Done.Upload.of(u, null, null)));
        if (json) {
          root.out.println(Transfers.JSON.writeValueAsString(new Done(cutoff.toString(), !yes,
              done, 0, 0, undated)));
        } else if (old.isEmpty()) {
          root.out.println("0 uploads started before " + cutoff + "; nothing to abort");
        } else {
          root.out.println(UploadsCommand.count(old.size()) + " started before " + cutoff
              + " would be aborted; run again with --yes to abort them");
        }
        return UnipartCli.OK;
      }
      MultipartClient dotSafe = null;
      try {
        for (PendingUpload u : old) {
          MultipartClient c = client;
          if (Connection.hasDotSegments(u.key())) {
            try {
              dotSafe = dotSafe != null ? dotSafe : connection.client(root.env, List.of(), true);
            } catch (UsageException e) {
              // --ca-bundle: the others are aborted, this one is reported, not the whole run
              failed++;
              done.add(Done.Upload.of(u, false, e.getMessage()));
              if (!json) {
                root.err.println("could not abort " + u.uploadId() + " " + u.key() + ": "
                    + e.getMessage());
              }
              continue;
            }
            c = dotSafe;
          }
          try {
            c.abort(u.session());
            done.add(Done.Upload.of(u, true, null));
            if (!json) {
              root.out.println("aborted " + u.uploadId() + " " + u.key());
            }
          } catch (UploadException e) {
            failed++;
            String why = Errors.oneLine(e).substring("error: ".length());
            done.add(Done.Upload.of(u, false, why));
            if (!json) {
              root.err.println("could not abort " + u.uploadId() + " " + u.key() + ": " + why);
            }
          }
        }
      } finally {
        if (dotSafe != null) {
          dotSafe.close();
        }
      }
    }
    if (json) {
      root.out.println(Transfers.JSON.writeValueAsString(new Done(cutoff.toString(), false, done,
          old.size() - failed, failed, undated)));
    } else {
      root.out.println(UploadsCommand.count(old.size() - failed) + " aborted"
          + (failed > 0 ? ", " + failed + " failed" : ""));
    }
    return failed > 0 ? UnipartCli.FAILED : UnipartCli.OK;
  }

  /**
   * What {@code --json} prints.
   *
   * @param startedBefore the cutoff
   * @param dryRun true without {@code --yes}: nothing was aborted
   * @param uploads the uploads older than the cutoff
   * @param aborted how many were aborted
   * @param failed how many could not be
   * @param undated uploads that show no start time, left alone
   */
  record Done(String startedBefore, boolean dryRun, List<Upload> uploads, int aborted,
      int failed, int undated) {
    /** One upload: {@code aborted} null when nothing was tried, {@code error} when it failed. */
    record Upload(String key, String uploadId, String initiated, Boolean aborted, String error) {
      static Upload of(PendingUpload u, Boolean aborted, String error) {
        return new Upload(u.key(), u.uploadId(), u.initiated().map(Instant::toString)
            .orElse(null), aborted, error);
      }
    }
  }
}
