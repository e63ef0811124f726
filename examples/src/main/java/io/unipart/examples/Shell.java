package io.unipart.examples;

import java.util.List;
import java.util.regex.Pattern;

/** Commands the tool prints for the user to run: each word quoted for a POSIX shell if needed. */
final class Shell {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private Shell() {}

  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  static String command(String launcher, List<String> words) {
    StringBuilder sb = new StringBuilder(launcher);
    for (String w : words) {
      sb.append(' ').append(quote(w));
    }
    return sb.toString();
  }
}
