package io.unipart.examples;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection flags an upload with {@code --checkpoint} was given, kept beside the checkpoint
 * in {@code <checkpoint>.connection.json} so that {@code resume} and {@code abort} need only the
 * checkpoint. Never credentials: those come from the environment each time. The SSE-C key and
 * the CA bundle stay in their files; only the files' paths are kept.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SavedConnection(String dialect, String endpoint, String region, String aws,
    String jdcloud, String bucket, boolean pathStyle, String baseUrl, String project,
    String projectId, String appId, String sseCustomerKeyFile, boolean allowPlainHttp,
    String caBundle, String store, boolean trustStoreChecks) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static SavedConnection of(Connection c) {
    return new SavedConnection(c.dialect, c.endpoint, c.region, c.aws, c.jdcloud, c.bucket,
        c.pathStyle, c.baseUrl, c.project, c.projectId, c.appId,
        c.customerKeyFile == null ? null : c.customerKeyFile.toAbsolutePath().toString(),
        c.allowPlainHttp,
        c.caBundleInUse == null ? null : c.caBundleInUse.toAbsolutePath().toString(), c.store,
        c.trustStoreChecks);
  }

  static Path fileFor(Path checkpoint) {
    return checkpoint.resolveSibling(checkpoint.getFileName() + ".connection.json");
  }

  void write(Path checkpoint) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(fileFor(checkpoint).toFile(), this);
  }

  /** Fills the flags the user left out from the file beside the checkpoint, if there is one. */
  static void fill(Path checkpoint, Connection c) throws IOException {
    Path file = fileFor(checkpoint);
    if (!Files.isRegularFile(file)) {
      return;
    }
    SavedConnection s = JSON.readValue(file.toFile(), SavedConnection.class);
    c.dialect = c.dialect != null ? c.dialect : s.dialect;
    boolean preset = c.aws != null || c.jdcloud != null;
    boolean explicit = c.endpoint != null || c.region != null;
    if (!preset && !explicit) {
      c.endpoint = s.endpoint;
      c.region = s.region;
      c.aws = s.aws;
      c.jdcloud = s.jdcloud;
      c.store = c.store != null ? c.store : s.store;
    }
    c.bucket = c.bucket != null ? c.bucket : s.bucket;
    c.pathStyle = c.pathStyle || s.pathStyle;
    c.baseUrl = c.baseUrl != null ? c.baseUrl : s.baseUrl;
    c.project = c.project != null ? c.project : s.project;
    c.projectId = c.projectId != null ? c.projectId : s.projectId;
    c.appId = c.appId != null ? c.appId : s.appId;
    if (c.customerKeyFile == null && s.sseCustomerKeyFile != null) {
      c.customerKeyFile = Path.of(s.sseCustomerKeyFile);
    }
    c.allowPlainHttp = c.allowPlainHttp || s.allowPlainHttp;
    c.trustStoreChecks = c.trustStoreChecks || s.trustStoreChecks;
    if (c.caBundle == null && s.caBundle != null) {
      c.caBundle = Path.of(s.caBundle);
    }
  }

  static void delete(Path checkpoint) throws IOException {
    Files.deleteIfExists(fileFor(checkpoint));
  }
}
