package io.unipart.hardening;

import java.util.Random;

/**
 * Seeded mutations of a response body, as a fuzzer makes them: a character changed, a range
 * deleted, duplicated or moved, the body cut short, a token of the format dropped in (brackets,
 * quotes, entities, a DTD with an external entity, numbers out of range, NUL, non-ASCII), or now
 * and then a body past the 1 MiB cap. One to three mutations per mutant.
 */
final class Mutants {
  private Mutants() {}

  static final String[] TOKENS = {
      "<", ">", "</", "/>", "<a>", "</Part>", "<Part>", "\"", "'", "{", "}", "[", "]", ":", ",",
      "null", "true", "false", "-1", "0", "1e309", "9223372036854775808", "-0.5", "\"\"",
      "&amp;", "&#0;", "&#x110000;", "&unknown;", "<![CDATA[x]]>", "<!-- c -->",
      "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "\u0000", "\uFEFF",
      "é", "中", "🎉", "\ud800", "\\u0000", "\\", "\r\n", " ", "{\"a\":", "[[[[[[[[", "]]]]"};

  static String mutate(String seed, Random random) {
    if (random.nextInt(500) == 0) {
      return seed + " ".repeat((1 << 20) + random.nextInt(1000)); // past the cap
    }
    StringBuilder s = new StringBuilder(seed);
    int ops = 1 + random.nextInt(3);
    for (int i = 0; i < ops; i++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      switch (random.nextInt(7)) {
        case 0 -> {
          if (at < s.length()) {
            s.setCharAt(at, (char) (random.nextBoolean() ? 32 + random.nextInt(95)
                : random.nextInt(0x3000)));
          }
        }
        case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(12)));
        case 2 -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(40));
          s.insert(at, s.substring(at, end));
        }
        case 3 -> s.setLength(at);
        case 4 -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(30));
          String piece = s.substring(at, end);
          s.delete(at, end);
          s.insert(random.nextInt(s.length() + 1), piece);
        }
        default -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
      }
    }
    return s.toString();
  }
}
