package io.unipart.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTableTest {
  @Test
  void displayWidthCountsWideCharactersTwiceAndMarksNotAtAll() {
    assertThat(Demo.displayWidth("ab")).isEqualTo(2);
    assertThat(Demo.displayWidth("東京")).isEqualTo(4);
    assertThat(Demo.displayWidth("🌃")).isEqualTo(2);
    assertThat(Demo.displayWidth("季度报告.pdf")).isEqualTo(12);
    // e + combining acute accent: one column, two code points
    assertThat(Demo.displayWidth("e\u0301")).isEqualTo(1);
  }

  @Test
  void abbreviateCutsByColumnsNeverInsideASurrogatePair() {
    assertThat(Demo.abbreviate("short", 10)).isEqualTo("short");
    String cut = Demo.abbreviate("🌃🌃🌃🌃🌃🌃", 8);
    assertThat(cut).isEqualTo("🌃🌃...");
    assertThat(Demo.displayWidth(cut)).isLessThanOrEqualTo(8);
  }

  @Test
  void rowsWithCjkAndEmojiKeysLineUp() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Demo.printUploads(out, List.of(
        new String[] {"s3", "photos/東京/夜景 🌃.jpg", "1", "1 x 5 MiB", "3 ms", "a"},
        new String[] {"cos", "docs/季度报告.pdf", "22", "1 x 5 MiB", "4 ms", "b"},
        new String[] {"rum", "plain.txt", "333", "1 x 5 MiB", "5 ms", "c"}));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    // every row's third column starts at the same terminal column
    int column = -1;
    for (String line : lines) {
      if (line.startsWith("---")) {
        continue;
      }
      int bar = nthBar(line, 2);
      int width = Demo.displayWidth(line.substring(0, bar));
      if (column < 0) {
        column = width;
      }
      assertThat(width).as(line).isEqualTo(column);
    }
    assertThat(lines).hasSize(5);
  }

  private static int nthBar(String line, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = line.indexOf(" | ", at + 1);
    }
    return at;
  }
}
