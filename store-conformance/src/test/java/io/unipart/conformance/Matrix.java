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

  /** Every column run: each store over http, and https where it serves it. */
  static List<String> columns() {
    List<String> columns = new ArrayList<>();
    StoreTarget.all().forEach(a -> columns.add(a.get()[0].toString()));
    return columns;
  }

  /** The columns not run: what each provider's documentation says, from {@link #DOCUMENTED}. */
  static final List<String> DOCUMENTED_COLUMNS = List.of("aws (documented)",
      "jdcloud (documented)");

  /**
   * Where the documented columns come from: for each row (section and feature, as the suite
   * names them), what AWS's and JDCloud's documentation say, and the pages read.
   */
  static final String DOCUMENTED = "documented-stores.tsv";

  /** The documented cells by row ({@code section \0 feature}), one per documented column. */
  static Map<String, List<String>> documented() {
    Map<String, List<String>> cells = new TreeMap<>();
    try (java.io.InputStream in = Matrix.class.getResourceAsStream("/" + DOCUMENTED)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENTED + " is not on the test class path");
      }
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .skip(1).filter(l -> !l.isBlank()).toList();
      for (String line : lines) {
        String[] f = line.split("\t", -1);
        if (f.length != 3 + DOCUMENTED_COLUMNS.size()) {
          throw new IllegalStateException(DOCUMENTED + ": not section, feature, "
              + DOCUMENTED_COLUMNS + " and sources: " + line);
        }
        cells.put(f[0] + "\u0000" + f[1], List.of(f).subList(2, 2 + DOCUMENTED_COLUMNS.size()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return cells;
  }

  /**
   * Rows this run recorded that the documented columns do not cover, and documented rows no
   * run recorded (renamed or dropped): both must be empty once the whole suite has run.
   */
  static synchronized List<String> documentedMismatches() {
    Map<String, List<String>> documented = documented();
    List<String> mismatches = new ArrayList<>();
    SECTION_OF.keySet().stream().filter(row -> !documented.containsKey(row)).sorted()
        .forEach(row -> mismatches.add("not in " + DOCUMENTED + ": " + row.replace('\u0000',
            '/')));
    documented.keySet().stream().filter(row -> !SECTION_OF.containsKey(row))
        .forEach(row -> mismatches.add("in " + DOCUMENTED + " but not run: "
            + row.replace('\u0000', '/')));
    return mismatches;
  }

  /** The matrix as Markdown: sections and rows in alphabetical order, so runs compare. */
  static synchronized String markdown(Map<String, String> versions) {
    List<String> run = columns();
    List<String> columns = new ArrayList<>(run);
    columns.addAll(DOCUMENTED_COLUMNS);
    Map<String, List<String>> documented = documented();
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
        .append("The last two columns are not run: AWS S3 and JDCloud cannot be reached from"
            + " here, so they say what each provider's documentation states for the row"
            + " (\"not documented\" where it is silent; the pages read are in"
            + " `store-conformance/src/test/resources/" + DOCUMENTED + "`). unipart's presets"
            + " for them count only the part checks their documentation names.\n");
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
        run.forEach(c -> md.append(' ').append(cells.getOrDefault(c, "not run"))
            .append(" |"));
        List<String> docs = documented.getOrDefault(row,
            java.util.Collections.nCopies(DOCUMENTED_COLUMNS.size(), "not looked up"));
        docs.forEach(d -> md.append(' ').append(d).append(" |"));
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
