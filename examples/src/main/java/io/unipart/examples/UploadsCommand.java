package io.unipart.examples;

import io.unipart.MultipartClient;
import io.unipart.PendingUpload;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code uploads}: lists the uploads in progress in a bucket (s3, cos). */
@Command(name = "uploads", abbreviateSynopsis = true,
    header = "List the uploads in progress in an s3 or cos bucket: start time, upload id, key.",
    description = {"Uploads left open keep their parts, and are billed, until aborted; 'unipart"
        + " cleanup' aborts the old ones.", ""},
    sortOptions = false,
    footerHeading = "%nExamples:%n",
    footer = {"  unipart uploads --dialect s3 --aws eu-central-1 --bucket media --prefix videos/"})
final class UploadsCommand implements Callable<Integer> {
  @ParentCommand
  UnipartCli root;

  @Spec
  CommandSpec spec;

  @Option(names = "--prefix", paramLabel = "PREFIX", order = 0,
      description = "only keys that start with PREFIX")
  String prefix = "";

  @Option(names = "--json", order = 1,
      description = "print one JSON document instead of the table: {\"uploads\":[{\"key\","
          + " \"uploadId\", \"initiated\"}], \"count\"}")
  boolean json;

  @Mixin
  Connection connection;

  @Mixin
  HelpOption help;

  @Override
  public Integer call() throws Exception {
    try (MultipartClient client = listing(connection, spec, Set.of("--prefix", "--json"),
        root)) {
      List<PendingUpload> uploads = client.listUploads(prefix);
      if (json) {
        root.out.println(Transfers.JSON.writeValueAsString(new Listed(prefix,
            uploads.stream().map(Listed.Upload::of).collect(Collectors.toList()),
            uploads.size())));
        return UnipartCli.OK;
      }
      print(uploads, root.out);
      root.out.println(count(uploads.size()) + " in progress"
          + (prefix.isEmpty() ? "" : " under \"" + prefix + "\""));
    }
    return UnipartCli.OK;
  }

  /** {@code 1 upload}, {@code 2 uploads}. */
  static String count(int n) {
    return n + (n == 1 ? " upload" : " uploads");
  }

  /** What {@code --json} prints. */
  record Listed(String prefix, List<Upload> uploads, int count) {
    /** One upload; {@code initiated} is null where the store shows no start time. */
    record Upload(String key, String uploadId, String initiated) {
      static Upload of(PendingUpload u) {
        return new Upload(u.key(), u.uploadId(), u.initiated().map(Instant::toString)
            .orElse(null));
      }
    }
  }

  /** A client that can list uploads: s3 or cos. */
  static MultipartClient listing(Connection connection, CommandSpec spec, Set<String> flags,
      UnipartCli root) throws UsageException {
    String dialect = connection.dialect();
    if (!dialect.equals("s3") && !dialect.equals("cos")) {
      throw new UsageException("only s3 and cos can list uploads in progress");
    }
    connection.refuseOthers(spec, dialect, flags);
    return connection.client(root.env, List.of(), false);
  }

  static void print(List<PendingUpload> uploads, PrintStream out) {
    if (uploads.isEmpty()) {
      return;
    }
    int idWidth = "UPLOAD ID".length();
    for (PendingUpload u : uploads) {
      idWidth = Math.max(idWidth, u.uploadId().length());
    }
    String row = "%-24s  %-" + idWidth + "s  %s%n";
    out.printf(row, "INITIATED", "UPLOAD ID", "KEY");
    for (PendingUpload u : uploads) {
      out.printf(row, u.initiated().map(Instant::toString).orElse("-"), u.uploadId(), u.key());
    }
  }
}
