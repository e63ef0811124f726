package io.unipart.testing;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A module's public API as text, one line per public or protected type, constructor, method and
 * field (their generic signatures), sorted: committed as {@code api.txt} beside the module's
 * {@code pom.xml} and compared with the compiled classes by a test, so any change to the public
 * surface shows up as a diff in review (as OkHttp commits {@code okhttp.api}). Types in {@code
 * io.unipart.internal} are left out: they are not API.
 *
 * <pre>{@code
 * @Test void theCommittedApiListingIsCurrent() throws IOException {
 *   assertThat(ApiListing.of(Path.of("target/classes"))).isNotEmpty();
 *   assertThat(ApiListing.difference(Path.of("target/classes"), Path.of("api.txt"))).isEmpty();
 * }
 * }</pre>
 *
 * <p>To accept a change on purpose, run the module's tests with {@code -Dunipart.api.update=true}
 * and commit the rewritten file.
 */
public final class ApiListing {
  private ApiListing() {}

  /**
   * The listing of the classes under a directory.
   *
   * @param classes a compiled classes directory, e.g. {@code target/classes}
   * @return the sorted lines
   * @throws IOException when the directory cannot be read
   */
  public static List<String> of(Path classes) throws IOException {
    TreeSet<String> lines = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    ClassLoader loader = ApiListing.class.getClassLoader();
    for (Path file : files) {
      String name = classes.relativize(file).toString().replace('/', '.').replace('\\', '.');
      name = name.substring(0, name.length() - ".class".length());
      if (name.endsWith("package-info") || name.startsWith("io.unipart.internal")) {
        continue;
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IOException("cannot load " + name, e);
      }
      if (!visible(type)) {
        continue;
      }
      lines.add(type.getName() + ": " + describe(type));
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        if (exposed(c.getModifiers()) && !c.isSynthetic()) {
          lines.add(type.getName() + ": " + c.toGenericString());
        }
      }
      for (Method m : type.getDeclaredMethods()) {
        if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          lines.add(type.getName() + ": " + m.toGenericString());
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (exposed(f.getModifiers()) && !f.isSynthetic()) {
          lines.add(type.getName() + ": " + f.toGenericString());
        }
      }
    }
    return new ArrayList<>(lines);
  }

  /**
   * What differs between the classes and the committed listing (or, with {@code
   * -Dunipart.api.update=true}, rewrites the listing and answers that nothing does).
   *
   * @param classes the compiled classes directory
   * @param listing the committed {@code api.txt}
   * @return empty when they agree; otherwise every line added ({@code +}) and removed ({@code
   *     -}), with how to accept a change that is meant
   * @throws IOException when either cannot be read
   */
  public static String difference(Path classes, Path listing) throws IOException {
    List<String> actual = of(classes);
    if (Boolean.getBoolean("unipart.api.update")) {
      Files.write(listing, actual, StandardCharsets.UTF_8);
      return "";
    }
    List<String> committed = Files.exists(listing)
        ? Files.readAllLines(listing, StandardCharsets.UTF_8) : List.of();
    if (actual.equals(committed)) {
      return "";
    }
    StringBuilder diff = new StringBuilder("the public API differs from " + listing
        + "; if the change is meant, run the module's tests with -Dunipart.api.update=true and"
        + " commit the file:\n");
    TreeSet<String> before = new TreeSet<>(committed);
    TreeSet<String> after = new TreeSet<>(actual);
    after.stream().filter(l -> !before.contains(l)).forEach(l -> diff.append("+ ").append(l)
        .append('\n'));
    before.stream().filter(l -> !after.contains(l)).forEach(l -> diff.append("- ").append(l)
        .append('\n'));
    return diff.toString();
  }

  private static boolean visible(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  private static boolean exposed(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String describe(Class<?> type) {
    StringBuilder sb = new StringBuilder(Modifier.toString(type.getModifiers()
        & Modifier.classModifiers()));
    sb.append(type.isInterface() ? " interface " : type.isEnum() ? " enum " : " class ")
        .append(type.getName());
    if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class
        && !type.isEnum()) {
      sb.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      sb.append(type.isInterface() ? " extends " : " implements ");
      for (int i = 0; i < type.getGenericInterfaces().length; i++) {
        sb.append(i > 0 ? ", " : "").append(type.getGenericInterfaces()[i].getTypeName());
      }
    }
    return sb.toString().trim();
  }

  private static final java.util.regex.Pattern PUBLIC_TYPE = java.util.regex.Pattern.compile(
      "^[ \\t]*public\\s+(?:(?:static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
          + "(?:class|interface|enum|record|@interface)\\s+(\\w+)",
      java.util.regex.Pattern.MULTILINE);

  /**
   * The public types under a source directory that have no class comment ({@code /** ... *}{@code
   * /} right before the declaration, annotations aside). Javadoc's own check is relaxed so that a
   * member whose name says it all needs no comment; a type never goes without one.
   *
   * @param sources a source root, e.g. {@code src/main/java}
   * @return {@code path: Type} for each, sorted; empty when every public type is documented
   * @throws IOException when a file cannot be read
   */
  public static List<String> typesWithoutClassComment(Path sources) throws IOException {
    List<String> missing = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sources)) {
      files = walk.filter(f -> f.toString().endsWith(".java")
          && !f.getFileName().toString().equals("package-info.java")).sorted().toList();
    }
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      java.util.regex.Matcher m = PUBLIC_TYPE.matcher(text);
      while (m.find()) {
        if (!documented(text.substring(0, m.start()))) {
          missing.add(sources.relativize(f) + ": " + m.group(1));
        }
      }
    }
    return missing;
  }

  /** Whether the text before a declaration ends with a Javadoc comment, annotations aside. */
  private static boolean documented(String before) {
    String[] lines = before.stripTrailing().split("\n", -1);
    int last = lines.length - 1;
    while (last >= 0 && lines[last].strip().startsWith("@")) {
      last--;
    }
    if (last < 0 || !lines[last].strip().endsWith("*/")) {
      return false;
    }
    for (int i = last; i >= 0; i--) {
      String line = lines[i].strip();
      if (line.startsWith("/**")) {
        return true;
      }
      if (line.startsWith("/*")) {
        return false;
      }
    }
    return false;
  }
}
