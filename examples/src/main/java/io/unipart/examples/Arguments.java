package io.unipart.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options: {@code --name value}, repeatable {@code --meta}, and bare flags. */
final class Arguments {
  private static final Set<String> FLAGS = Set.of("--path-style", "--debug", "--overwrite", "--yes");

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> meta = new ArrayList<>();
  private final List<String> flags = new ArrayList<>();

  private final List<String> positional = new ArrayList<>();

  static Arguments parse(String[] args) throws UnipartCli.UsageException {
    return parse(args, 0);
  }

  /** Parses options, taking up to {@code positionals} bare arguments ({@code -} included). */
  static Arguments parse(String[] args, int positionals) throws UnipartCli.UsageException {
    Arguments a = new Arguments();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if ((!name.startsWith("--") || name.equals("-")) && a.positional.size() < positionals) {
        a.positional.add(name);
        continue;
      }
      if (FLAGS.contains(name)) {
        a.flags.add(name);
        continue;
      }
      if (!name.startsWith("--")) {
        throw new UnipartCli.UsageException("unexpected argument '" + name + "'");
      }
      if (i + 1 >= args.length) {
        throw new UnipartCli.UsageException(name + " needs a value");
      }
      String value = args[++i];
      if (name.equals("--meta")) {
        a.meta.add(value);
      } else if (a.values.put(name, value) != null) {
        throw new UnipartCli.UsageException(name + " is given twice");
      }
    }
    return a;
  }

  /** Refuses options the dialect does not take. */
  void allowOnly(String dialect, Set<String> allowed) throws UnipartCli.UsageException {
    for (String name : values.keySet()) {
      if (!name.equals("--dialect") && !allowed.contains(name)) {
        throw new UnipartCli.UsageException(name + " is not an option of --dialect " + dialect);
      }
    }
    if (!meta.isEmpty() && !allowed.contains("--meta")) {
      throw new UnipartCli.UsageException("--meta is not an option of --dialect " + dialect);
    }
    for (String flag : flags) {
      if (!flag.equals("--debug") && !allowed.contains(flag)) {
        throw new UnipartCli.UsageException(flag + " is not an option of --dialect " + dialect);
      }
    }
  }

  String require(String name) throws UnipartCli.UsageException {
    String v = values.get(name);
    if (v == null || v.isEmpty()) {
      throw new UnipartCli.UsageException(name + " is required");
    }
    return v;
  }

  String get(String name) {
    return values.get(name);
  }

  /** Sets an option the user left out (a default from elsewhere). */
  void putIfAbsent(String name, String value) {
    if (value != null) {
      values.putIfAbsent(name, value);
    }
  }

  /** Adds a flag the user left out. */
  void addFlag(String flag) {
    if (!flags.contains(flag)) {
      flags.add(flag);
    }
  }

  /** The bare arguments, in order. */
  List<String> positional() {
    return positional;
  }

  boolean has(String flag) {
    return flags.contains(flag);
  }

  /** The {@code --meta name=value} pairs, in order. */
  Map<String, String> meta() throws UnipartCli.UsageException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String m : meta) {
      int eq = m.indexOf('=');
      if (eq <= 0) {
        throw new UnipartCli.UsageException("--meta takes name=value (was '" + m + "')");
      }
      out.put(m.substring(0, eq), m.substring(eq + 1));
    }
    return out;
  }
}
