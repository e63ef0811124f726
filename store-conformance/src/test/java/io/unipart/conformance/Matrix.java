package io.unipart.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compatibility matrix the suite writes as it runs: for each feature (a row) and each store
 * over each scheme (a column), what happened, in a small vocabulary: {@code works}, {@code
 * verified} (a wrong value was refused), {@code ignored} (a wrong value was taken with a 200),
 * {@code refused (STATUS CODE)}, {@code downgraded by itself after STATUS}, {@code not honoured: ...}. {@link
 * MatrixTest} renders it into {@code docs/COMPATIBILITY.md} and fails when the committed file
 * differs from what the run found.
 */
final class Matrix {
  /** Each row (section and feature) and its cells, by column. */
  private static final Map<String, Map<String, String>> CELLS = new ConcurrentHashMap<>();
  private static final Map<String, String> SECTION_OF = new ConcurrentHashMap<>();

  private Matrix() {}

  /**
   * Records one cell.
   *
   * @param section the table it belongs to, e.g. {@code Lifecycle}
   * @param feature the row, e.g. {@code abort leaves nothing open}
   * @param target the column
   * @param outcome what happened
   */
  static synchronized void record(String section, String feature, StoreTarget target,
      String outcome) {
    String row = section + "\u0000" + feature;
    SECTION_OF.putIfAbsent(row, section);
    CELLS.computeIfAbsent(row, r -> new TreeMap<>())
        .put(target.toString(), outcome.replace("|", "/").replace("\n", " "));
  }

  /** The sections cells were recorded in. */
  static synchronized java.util.Set<String> sections() {
    return new java.util.TreeSet<>(SECTION_OF.values());
  }

  /** Every column: each store over http, and https where it serves it. */
  static List<String> columns() {
    List<String> columns = new ArrayList<>();
    StoreTarget.all().forEach(a -> columns.add(a.get()[0].toString()));
    return columns;
  }

  /** The matrix as Markdown: sections and rows in alphabetical order, so runs compare. */
  static synchronized String markdown(Map<String, String> versions) {
    List<String> columns = columns();
    StringBuilder md = new StringBuilder();
    md.append("# Compatibility of S3 stores\n\n")
        .append("Written by the store conformance suite (`store-conformance`, run by `mvn verify`"
            + " on every CI run); do not edit by hand. CI fails when what a run finds differs"
            + " from this file: rerun with `-Dunipart.matrix.update=true` to accept it.\n\n")
        .append("Stores: ");
    List<String> named = new ArrayList<>();
    versions.forEach((store, version) -> named.add(store + " " + version));
    md.append(String.join(", ", named)).append(".\n\n")
        .append("Words: **works** (as S3 documents it), **verified** (a deliberately wrong value"
            + " was refused), **ignored** (a wrong value was taken with a 200: the store did not"
            + " check it), **refused (status code)**, **downgraded by itself after STATUS** (the"
            + " store refused a part, or complete's checksums, and unipart sent it again another"
            + " way), **not honoured** (unipart found the store would not do it, and refused"
            + " before sending data). In the payload modes, after the semicolon: what proved the"
            + " parts intact, as the client's UploadResult.partChecks() reports it (a check the"
            + " store makes counts only where it was shown to refuse a wrong value: by the"
            + " client's probe of a plain endpoint, or the preset's evidence).\n\n")
        .append("AWS S3 and JDCloud are not run here: their behaviour is the one their"
            + " documentation gives (see docs/getting-started).\n");
    Map<String, List<String>> rowsBySection = new TreeMap<>();
    SECTION_OF.forEach((row, section) -> rowsBySection.computeIfAbsent(section,
        s -> new ArrayList<>()).add(row));
    rowsBySection.entrySet().forEach(section -> {
      md.append("\n## ").append(section.getKey()).append("\n\n| feature |");
      columns.forEach(c -> md.append(' ').append(c).append(" |"));
      md.append("\n|---|");
      columns.forEach(c -> md.append("---|"));
      md.append('\n');
      section.getValue().stream().sorted().forEach(row -> {
        md.append("| ").append(row.substring(row.indexOf('\u0000') + 1)).append(" |");
        Map<String, String> cells = CELLS.get(row);
        columns.forEach(c -> md.append(' ').append(cells.getOrDefault(c, "not run"))
            .append(" |"));
        md.append('\n');
      });
    });
    return md.toString();
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
