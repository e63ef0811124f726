package io.unipart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.TransferProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theBarShowsRateAndTimeLeftAndSaysOnePartInTheSingular() {
    Progress p = new Progress(err, true, false, false);
    p.onProgress(new TransferProgress("k", 1, 5 << 20, 5 << 20, 20 << 20, 1));
    assertThat(text()).startsWith("\r[").contains("25% 5.0 MiB / 20.0 MiB, 1 part, ")
        .containsPattern("[0-9.]+ (B|KiB|MiB|GiB)/s, ETA \\d+(s|m\\d\\ds|h\\d\\dm)");
    p.onProgress(new TransferProgress("k", 2, 5 << 20, 10 << 20, 20 << 20, 2));
    assertThat(text()).contains("2 parts, ");
    p.finish(4, 20 << 20);
    assertThat(text()).endsWith("\n");
  }

  @Test
  void aStreamOfUnknownLengthShowsNoPercentOrTimeLeft() {
    Progress p = new Progress(err, false, false, false);
    p.onProgress(new TransferProgress("k", 1, 100, 100, -1, 1));
    assertThat(text()).startsWith("1 part done: 100 bytes, ").doesNotContain("%")
        .doesNotContain("ETA");
  }

  @Test
  void aResumeSaysWhatItFoundOnTheServerOnceAndCountsOnlyNewBytesAsSpeed() {
    Progress p = new Progress(err, false, true, false);
    // parts 1 and 2 were on the server; part 3 is the first this run sends
    p.onProgress(new TransferProgress("k", 3, 5 << 20, 15 << 20, 20 << 20, 3));
    p.onProgress(new TransferProgress("k", 4, 5 << 20, 20 << 20, 20 << 20, 4));
    assertThat(text()).startsWith("resuming: found 2 parts (10.0 MiB) already on the server\n")
        .contains("4 parts done: 20971520/20971520 bytes (100%)").contains(", done");
    assertThat(text().split("resuming", -1)).hasSize(2);
    assertThat(p.sentParts()).isEqualTo(2);
  }

  /** Off a terminal (a log, a pipe): a line every few seconds and the last, not one per part. */
  @Test
  void offATerminalTenThousandPartsAreAFewLinesNotTenThousand() {
    Progress p = new Progress(err, false, false, false);
    long total = 10_000L * 100;
    for (int n = 1; n <= 10_000; n++) {
      p.onProgress(new TransferProgress("k", n, 100, n * 100L, total, n));
    }
    String[] lines = text().split("\n");
    // The first part's line, then none within Progress.LINE_EVERY, then the last part's.
    assertThat(lines.length).isLessThanOrEqualTo(3);
    assertThat(lines[0]).startsWith("1 part done: 100/1000000 bytes (0%)");
    assertThat(lines[lines.length - 1]).startsWith("10000 parts done: 1000000/1000000 bytes"
        + " (100%)").contains(", done");
    assertThat(p.sentParts()).isEqualTo(10_000);
  }

  @Test
  void silentPrintsNothingAndStillCounts() {
    Progress p = new Progress(err, false, true, true);
    p.onProgress(new TransferProgress("k", 3, 5 << 20, 15 << 20, 20 << 20, 3));
    p.finish(3, 15 << 20);
    assertThat(text()).isEmpty();
    assertThat(p.sentParts()).isEqualTo(1);
  }

  @Test
  void aResumeWithNothingLeftSaysSoAtTheEnd() {
    Progress p = new Progress(err, false, true, false);
    p.finish(1, 7);
    assertThat(text()).isEqualTo("resuming: found 1 part (7 B) already on the server; nothing"
        + " left to send\n");
  }
}
