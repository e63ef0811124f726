package io.unipart.internal;

/** The {@code User-Agent} unipart sends: {@code unipart/<version> java/<version>}. */
final class UserAgent {
  private static final String VALUE = compute();

  private UserAgent() {}

  static String value() {
    return VALUE;
  }

  private static String compute() {
    String version = UserAgent.class.getPackage().getImplementationVersion();
    return "unipart/"
        + (version == null ? "dev" : version)
        + " java/"
        + System.getProperty("java.version", "unknown");
  }
}
