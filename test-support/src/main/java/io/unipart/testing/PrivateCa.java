package io.unipart.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private certificate authority made for one test run by the JDK's {@code keytool}, as a store
 * such as Ceph has its own: the CA's certificate as a PEM file (what a user hands to {@code
 * trustedCertificates} or {@code --ca-bundle}), and key stores of server certificates it signed,
 * for an https server. Nothing is trusted by the JVM; nothing global is changed.
 *
 * <pre>{@code
 * PrivateCa ca = PrivateCa.create(tempDir);
 * Path keys = ca.serverKeyStore("local", "ip:127.0.0.1", "dns:localhost");
 * WireMockServer https = new WireMockServer(wireMockConfig().httpDisabled(true)
 *     .dynamicHttpsPort().keystorePath(keys.toString()).keystoreType("PKCS12")
 *     .keystorePassword(PrivateCa.PASSWORD).keyManagerPassword(PrivateCa.PASSWORD));
 * }</pre>
 */
public final class PrivateCa {
  /** The password of every key store made here. */
  public static final String PASSWORD = "unipart-test";

  private final Path dir;
  private final Path caStore;
  private final Path caPem;

  private PrivateCa(Path dir, Path caStore, Path caPem) {
    this.dir = dir;
    this.caStore = caStore;
    this.caPem = caPem;
  }

  /**
   * Makes a CA ({@code CN=unipart test CA}, valid two days) in a directory.
   *
   * @param dir where its files go, e.g. a JUnit {@code @TempDir}
   * @return the CA
   * @throws IOException when keytool fails
   */
  public static PrivateCa create(Path dir) throws IOException {
    Path store = dir.resolve("ca.p12");
    Path pem = dir.resolve("ca.pem");
    keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-validity", "2", "-dname", "CN=unipart test CA", "-ext", "bc:c",
        "-ext", "KU=keyCertSign,cRLSign", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(),
        "-storepass", PASSWORD, "-file", pem.toString());
    return new PrivateCa(dir, store, pem);
  }

  /**
   * The CA's certificate.
   *
   * @return a PEM file with one {@code -----BEGIN CERTIFICATE-----} block
   */
  public Path certificatePem() {
    return caPem;
  }

  /**
   * A PKCS12 key store (password {@link #PASSWORD}) holding a server key and its certificate,
   * signed by this CA, for the given names only, with the CA's certificate in its chain.
   *
   * @param name the file's name, without extension
   * @param subjectAltNames keytool's names, e.g. {@code "ip:127.0.0.1"}, {@code "dns:localhost"}
   * @return the key store
   * @throws IOException when keytool fails
   */
  public Path serverKeyStore(String name, String... subjectAltNames) throws IOException {
    if (subjectAltNames.length == 0) {
      throw new IllegalArgumentException("a server certificate needs a name");
    }
    Path store = dir.resolve(name + ".p12");
    Path request = dir.resolve(name + ".csr");
    Path signed = dir.resolve(name + ".crt");
    String cn = subjectAltNames[0].substring(subjectAltNames[0].indexOf(':') + 1);
    keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-validity", "2", "-dname", "CN=" + cn, "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool(dir, "-certreq", "-alias", "server", "-keystore", store.toString(),
        "-storepass", PASSWORD, "-file", request.toString());
    keytool(dir, "-gencert", "-alias", "ca", "-keystore", caStore.toString(),
        "-storepass", PASSWORD, "-infile", request.toString(), "-outfile", signed.toString(),
        "-rfc", "-validity", "2", "-ext", "SAN=" + String.join(",", subjectAltNames),
        "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth");
    keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
        "-keystore", store.toString(), "-storepass", PASSWORD);
    keytool(dir, "-importcert", "-alias", "server", "-file", signed.toString(),
        "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    return store;
  }

  private static void keytool(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Path log = dir.resolve("keytool.log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("keytool " + args[0] + " did not finish in 60 s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: "
          + Files.readString(log).strip());
    }
  }
}
