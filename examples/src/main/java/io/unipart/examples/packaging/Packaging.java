package io.unipart.examples.packaging;

import io.unipart.examples.UnipartCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Run by {@code mvn package}: writes the launcher script {@code unipart} beside {@code
 * unipart.jar}, and the bash completion script {@code unipart_completion} that picocli generates
 * from the commands' own definitions (so it cannot fall behind them).
 */
public final class Packaging {
  private Packaging() {}

  /**
   * Writes both scripts.
   *
   * @param args the directory holding {@code unipart.jar}
   * @throws IOException when a script cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    String launcher = String.join("\n",
        "#!/bin/sh",
        "# unipart: runs the unipart command-line tool, unipart.jar beside this script.",
        "# Java 17 or later: JAVA_HOME, or java on the PATH. UNIPART_JAVA_OPTS adds JVM options.",
        "# Bash completion: . \"$(dirname \"$(readlink -f \"$(command -v unipart)\")\")"
            + "/unipart_completion\"",
        "self=$(readlink -f -- \"$0\" 2>/dev/null || printf '%s' \"$0\")",
        "dir=$(dirname -- \"$self\")",
        "if [ -n \"$JAVA_HOME\" ]; then java=\"$JAVA_HOME/bin/java\"; else java=java; fi",
        "exec \"$java\" $UNIPART_JAVA_OPTS -Dunipart.launcher=unipart -jar \"$dir/unipart.jar\""
            + " \"$@\"",
        "");
    Path script = dir.resolve("unipart");
    Files.writeString(script, launcher, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the script is for POSIX shells anyway
    }
    String completion = AutoComplete.bash("unipart", new CommandLine(new UnipartCli()));
    Files.writeString(dir.resolve("unipart_completion"), completion, StandardCharsets.UTF_8);
  }
}
