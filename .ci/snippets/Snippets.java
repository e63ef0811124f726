import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies the code blocks the docs mark {@code <!-- snippet: PATH -->} (the block right after the
 * marker) to PATH under an output directory, exactly as a reader would copy them. Run by
 * {@code .ci/snippets/check.sh}: {@code java .ci/snippets/Snippets.java OUT README.md ...}.
 */
public class Snippets {
  private static final Pattern BLOCK = Pattern.compile(
      "<!-- snippet: ([^ ]+) -->\\s*\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int written = 0;
    for (int i = 1; i < args.length; i++) {
      Matcher m = BLOCK.matcher(Files.readString(Path.of(args[i]), StandardCharsets.UTF_8));
      while (m.find()) {
        Path target = out.resolve(m.group(1)).normalize();
        if (!target.startsWith(out.normalize())) {
          throw new IllegalArgumentException(args[i] + ": snippet path leaves " + out);
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, m.group(2) + "\n", StandardCharsets.UTF_8);
        System.out.println(args[i] + " -> " + target);
        written++;
      }
    }
    if (written == 0) {
      throw new IllegalStateException("no snippet found in the docs given");
    }
  }
}
