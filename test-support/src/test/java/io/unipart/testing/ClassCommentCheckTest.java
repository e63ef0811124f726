package io.unipart.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-comment check finds exactly the public types that lack a Javadoc comment. */
class ClassCommentCheckTest {
  @TempDir Path src;

  @Test
  void findsPublicTypesWithoutAClassCommentAndOnlyThose() throws Exception {
    Path pkg = Files.createDirectories(src.resolve("p"));
    Files.writeString(pkg.resolve("Good.java"), "package p;\n\n/** Documented. */\n"
        + "@Deprecated\npublic final class Good {\n  /** Nested, documented. */\n"
        + "  public static final class Inner {}\n\n  private static class Hidden {}\n}\n");
    Files.writeString(pkg.resolve("Bad.java"), "package p;\n\n// not Javadoc\n"
        + "public class Bad {\n  /* not Javadoc either */\n  public interface Nested {}\n}\n");
    Files.writeString(pkg.resolve("Plain.java"), "package p;\n\npublic record Plain(int a) {}\n");
    Files.writeString(pkg.resolve("package-info.java"), "package p;\n");

    assertThat(ApiListing.typesWithoutClassComment(src)).containsExactly(
        "p/Bad.java: Bad", "p/Bad.java: Nested", "p/Plain.java: Plain");
  }
}
