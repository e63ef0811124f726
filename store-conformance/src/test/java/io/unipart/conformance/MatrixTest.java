package io.unipart.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other class of the suite (see {@code junit-platform.properties}): renders the
 * matrix they recorded into {@code target/COMPATIBILITY.md} and holds {@code
 * docs/COMPATIBILITY.md} to it, so the committed matrix is always what the stores did on the last
 * green run. {@code -Dunipart.matrix.update=true} writes it instead.
 */
@Order(Integer.MAX_VALUE)
class MatrixTest {
  /** Every table of the matrix, one per test class that records cells. */
  static final java.util.List<String> SECTIONS = java.util.List.of(
      LifecycleConformanceTest.SECTION, PayloadModesConformanceTest.SECTION,
      VerificationConformanceTest.SECTION, SafetyConformanceTest.SECTION,
      InitiateOptionsConformanceTest.SECTION, LostAnswerConformanceTest.SECTION);

  @Test
  void theCommittedMatrixIsWhatThisRunFound() throws Exception {
    Map<String, String> versions = new LinkedHashMap<>();
    boolean allRan = true;
    for (RealStores.Started s : RealStores.all().values()) {
      allRan &= s.store() != null;
      versions.put(s.name(), s.store() == null ? "(did not run)" : s.store().version());
    }
    String found = Matrix.markdown(versions);
    Path target = Path.of("target", "COMPATIBILITY.md");
    Matrix.write(target, found);
    Path committed = RealStores.repoRoot().resolve("docs/COMPATIBILITY.md");
    if (Boolean.getBoolean("unipart.matrix.update")) {
      Assumptions.assumeTrue(allRan, "not every store ran: the matrix is not written");
      assertThat(Matrix.sections()).as("the matrix is written only by a run of the whole suite"
          + " (this one ran part of it)").containsExactlyInAnyOrderElementsOf(SECTIONS);
      assertThat(Matrix.documentedMismatches()).as("every row has its documented cells (add"
          + " a row to " + Matrix.DOCUMENTED + " with what AWS's and JDCloud's documentation"
          + " say, or \"not documented\")").isEmpty();
      Matrix.write(committed, found);
      return;
    }
    if (!allRan && System.getenv("CI") == null) {
      Assumptions.abort("not every store ran here (see the skipped tests): the matrix this run"
          + " found is in " + target.toAbsolutePath() + ", not compared");
    }
    if (allRan) {
      assertThat(Matrix.documentedMismatches()).as("every row has its documented cells (add a"
          + " row to " + Matrix.DOCUMENTED + " with what AWS's and JDCloud's documentation say,"
          + " or \"not documented\")").isEmpty();
    }
    assertThat(Files.exists(committed)).as("docs/COMPATIBILITY.md is missing: run the suite"
        + " with -Dunipart.matrix.update=true").isTrue();
    assertThat(Files.readString(committed, StandardCharsets.UTF_8))
        .as("docs/COMPATIBILITY.md differs from what the stores did in this run (written to %s);"
            + " if the change is meant, rerun with -Dunipart.matrix.update=true",
            target.toAbsolutePath())
        .isEqualTo(found);
  }
}
