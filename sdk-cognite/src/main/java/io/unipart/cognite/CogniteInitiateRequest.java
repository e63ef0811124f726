package io.unipart.cognite;

import io.unipart.internal.FieldChecks;
import io.unipart.internal.JsonCodecs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every field of Cognite's {@code files/initmultipartupload} body, its {@code parts} and {@code
 * overwrite} query parameters, and the part plan. Immutable; {@link Builder#build()} checks every
 * documented limit before any network call.
 *
 * <pre>{@code
 * CogniteInitiateRequest request = CogniteInitiateRequest.builder()
 *     .name("pump-42.mp4")
 *     .externalId("pump-42-inspection")
 *     .directory("/inspections/2026")
 *     .mimeType("video/mp4")
 *     .assetIds(4503599627370496L)
 *     .contentLength(734_003_200L)        // parts follow: 14 parts of 50 MiB
 *     .build();
 * }</pre>
 *
 * <p>Limits: {@code name} 1..256 characters (required), {@code externalId} ..255, {@code
 * directory} an absolute unix path ..512, {@code source} ..128, {@code mimeType} ..256; metadata
 * keys ..128 bytes, values ..10240 bytes, at most 256 pairs and 10240 bytes in all; {@code
 * assetIds} 1..1000 ids, {@code securityCategories} at most 100, every id 1..2^53-1; times are
 * milliseconds since the epoch, at least 0; at most 10 labels; {@code geoLocation} a GeoJSON
 * Feature; {@code parts} 1..250. Parts are more than 5 MiB and less than 4000 MiB, but for the
 * last. With only the content length known, the part size is {@code max(50 MiB, length/250)}, as
 * Cognite's own SDK chooses it.
 */
public final class CogniteInitiateRequest {
  private final String name;
  private final String externalId;
  private final String directory;
  private final String source;
  private final String mimeType;
  private final Map<String, String> metadata;
  private final List<Long> assetIds;
  private final Long dataSetId;
  private final Long sourceCreatedTime;
  private final Long sourceModifiedTime;
  private final List<Long> securityCategories;
  private final List<String> labels;
  private final JsonNode geoLocation;
  private final int parts;
  private final Long partSize;
  private final Long contentLength;
  private final boolean overwrite;
  private final Duration deadline;

  private CogniteInitiateRequest(Builder b, int parts, Long partSize) {
    this.name = b.name;
    this.externalId = b.externalId;
    this.directory = b.directory;
    this.source = b.source;
    this.mimeType = b.mimeType;
    this.metadata =
        b.metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.assetIds = b.assetIds == null ? null : List.copyOf(b.assetIds);
    this.dataSetId = b.dataSetId;
    this.sourceCreatedTime = b.sourceCreatedTime;
    this.sourceModifiedTime = b.sourceModifiedTime;
    this.securityCategories =
        b.securityCategories == null ? null : List.copyOf(b.securityCategories);
    this.labels = List.copyOf(b.labels);
    this.geoLocation = b.geoLocation == null ? null : b.geoLocation.deepCopy();
    this.parts = parts;
    this.partSize = partSize;
    this.contentLength = b.contentLength;
    this.overwrite = b.overwrite;
    this.deadline = b.deadline;
  }

  /**
   * Starts a request.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Maps the neutral request: the key is the file {@code name}, the content type its {@code
   * mimeType}, metadata carries over; the part count, or the content length with an optional part
   * size, plans {@code parts}. {@code overwrite(true)} needs an {@code externalId}, which only
   * {@link CogniteInitiateRequest} can carry, so it is rejected here.
   *
   * @param request the neutral request
   * @return the Cognite request
   */
  public static CogniteInitiateRequest from(UploadRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.overwrite().orElse(false)) {
      throw new InvalidRequestException(
          "overwrite",
          "Cognite overwrites the file with the same externalId; set externalId and overwrite on"
              + " a CogniteInitiateRequest");
    }
    Builder b =
        builder()
            .name(request.key())
            .mimeType(request.contentType().orElse(null))
            .metadata(request.metadata().isEmpty() ? null : request.metadata())
            .deadline(request.deadline().orElse(null));
    request.contentLength().ifPresent(b::contentLength);
    request.partSize().ifPresent(b::partSize);
    request.partCount().ifPresent(b::parts);
    return b.build();
  }

  /**
   * The file name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The external id.
   *
   * @return the id, or empty
   */
  public Optional<String> externalId() {
    return Optional.ofNullable(externalId);
  }

  /**
   * How many upload URLs to ask for.
   *
   * @return 1..250
   */
  public int parts() {
    return parts;
  }

  /**
   * The planned part size (every part but the last).
   *
   * @return the size, or empty when the content length is unknown
   */
  public OptionalLong partSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  /**
   * The planned total size.
   *
   * @return the size, or empty
   */
  public OptionalLong contentLength() {
    return contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength);
  }

  /**
   * Whether the file with the same external id may be overwritten.
   *
   * @return the {@code overwrite} query parameter
   */
  public boolean overwrite() {
    return overwrite;
  }

  /**
   * The bound for this call, retries included.
   *
   * @return the deadline, or empty for the client's
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The JSON body, fields in the documented order, unset ones left out. */
  ObjectNode body() {
    ObjectNode o = JsonCodecs.nodes().objectNode();
    o.put("name", name);
    putIfSet(o, "externalId", externalId);
    putIfSet(o, "directory", directory);
    putIfSet(o, "source", source);
    putIfSet(o, "mimeType", mimeType);
    if (metadata != null) {
      ObjectNode m = o.putObject("metadata");
      metadata.forEach(m::put);
    }
    if (assetIds != null) {
      ArrayNode a = o.putArray("assetIds");
      assetIds.forEach(a::add);
    }
    if (dataSetId != null) {
      o.put("dataSetId", dataSetId);
    }
    if (sourceCreatedTime != null) {
      o.put("sourceCreatedTime", sourceCreatedTime);
    }
    if (sourceModifiedTime != null) {
      o.put("sourceModifiedTime", sourceModifiedTime);
    }
    if (securityCategories != null) {
      ArrayNode a = o.putArray("securityCategories");
      securityCategories.forEach(a::add);
    }
    if (!labels.isEmpty()) {
      ArrayNode a = o.putArray("labels");
      labels.forEach(l -> a.addObject().put("externalId", l));
    }
    if (geoLocation != null) {
      o.set("geoLocation", geoLocation.deepCopy());
    }
    return o;
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CogniteInitiateRequest)) {
      return false;
    }
    CogniteInitiateRequest r = (CogniteInitiateRequest) o;
    return body().equals(r.body())
        && parts == r.parts
        && Objects.equals(partSize, r.partSize)
        && Objects.equals(contentLength, r.contentLength)
        && overwrite == r.overwrite
        && Objects.equals(deadline, r.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(body(), parts, partSize, contentLength, overwrite, deadline);
  }

  @Override
  public String toString() {
    return "CogniteInitiateRequest{name=" + name
        + (externalId == null ? "" : ", externalId=" + externalId)
        + ", parts=" + parts
        + (partSize == null ? "" : ", partSize=" + partSize)
        + (overwrite ? ", overwrite" : "") + '}';
  }

  /** Builds a {@link CogniteInitiateRequest}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private String externalId;
    private String directory;
    private String source;
    private String mimeType;
    private Map<String, String> metadata;
    private List<Long> assetIds;
    private Long dataSetId;
    private Long sourceCreatedTime;
    private Long sourceModifiedTime;
    private List<Long> securityCategories;
    private final List<String> labels = new ArrayList<>();
    private JsonNode geoLocation;
    private Integer parts;
    private Long partSize;
    private Long contentLength;
    private boolean overwrite;
    private Duration deadline;

    private Builder() {}

    /**
     * Sets the file name. Required.
     *
     * @param name 1..256 characters
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the external id, unique per project.
     *
     * @param externalId ..255 characters, or null
     * @return this builder
     */
    public Builder externalId(String externalId) {
      this.externalId = externalId;
      return this;
    }

    /**
     * Sets the directory.
     *
     * @param directory an absolute unix-style path, ..512 characters, or null
     * @return this builder
     */
    public Builder directory(String directory) {
      this.directory = directory;
      return this;
    }

    /**
     * Sets the source.
     *
     * @param source ..128 characters, or null
     * @return this builder
     */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /**
     * Sets the MIME type.
     *
     * @param mimeType ..256 characters, e.g. {@code image/jpeg}, or null
     * @return this builder
     */
    public Builder mimeType(String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    /**
     * Adds a metadata pair. Metadata that is sent replaces all of an overwritten file's metadata.
     *
     * @param key ..128 bytes
     * @param value ..10240 bytes
     * @return this builder
     */
    public Builder metadata(String key, String value) {
      if (key == null) {
        throw new InvalidRequestException("metadata", "keys must not be null");
      }
      if (metadata == null) {
        metadata = new LinkedHashMap<>();
      }
      metadata.put(key, value);
      return this;
    }

    /**
     * Sets the metadata: an empty map is sent as {@code {}} (clearing an overwritten file's
     * metadata); null leaves the field out (keeping it).
     *
     * @param metadata the pairs, or null
     * @return this builder
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = null;
      if (metadata != null) {
        this.metadata = new LinkedHashMap<>();
        metadata.forEach(this::metadata);
      }
      return this;
    }

    /**
     * Sets the assets the file belongs to.
     *
     * @param assetIds 1..1000 ids
     * @return this builder
     */
    public Builder assetIds(long... assetIds) {
      this.assetIds = boxed(assetIds);
      return this;
    }

    /**
     * Sets the data set.
     *
     * @param dataSetId 1..2^53-1
     * @return this builder
     */
    public Builder dataSetId(long dataSetId) {
      this.dataSetId = dataSetId;
      return this;
    }

    /**
     * Sets when the source created the file.
     *
     * @param millis milliseconds since the epoch, at least 0
     * @return this builder
     */
    public Builder sourceCreatedTime(long millis) {
      this.sourceCreatedTime = millis;
      return this;
    }

    /**
     * Sets when the source last changed the file.
     *
     * @param millis milliseconds since the epoch, at least 0
     * @return this builder
     */
    public Builder sourceModifiedTime(long millis) {
      this.sourceModifiedTime = millis;
      return this;
    }

    /**
     * Sets the security categories needed to access the file.
     *
     * @param ids at most 100 ids
     * @return this builder
     */
    public Builder securityCategories(long... ids) {
      this.securityCategories = boxed(ids);
      return this;
    }

    /**
     * Adds labels, by their external ids.
     *
     * @param externalIds at most 10 in all
     * @return this builder
     */
    public Builder labels(String... externalIds) {
      for (String l : externalIds) {
        labels.add(l);
      }
      return this;
    }

    /**
     * Sets the geographic location.
     *
     * @param geoJsonFeature a GeoJSON Feature, e.g. {@code
     *     {"type":"Feature","geometry":{"type":"Point","coordinates":[10.7,59.9]}}}
     * @return this builder
     */
    public Builder geoLocation(String geoJsonFeature) {
      if (geoJsonFeature == null) {
        this.geoLocation = null;
        return this;
      }
      try {
        this.geoLocation = JsonCodecs.reader().readTree(geoJsonFeature);
      } catch (IOException e) {
        throw new InvalidRequestException("geoLocation", "must be valid JSON");
      }
      return this;
    }

    /**
     * Sets how many upload URLs to ask for.
     *
     * @param parts 1..250
     * @return this builder
     */
    public Builder parts(int parts) {
      this.parts = parts;
      return this;
    }

    /**
     * Sets the size of every part but the last.
     *
     * @param partSize more than 5 MiB, less than 4000 MiB
     * @return this builder
     */
    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    /**
     * Sets the file's size, from which the parts are planned.
     *
     * @param contentLength at least 0
     * @return this builder
     */
    public Builder contentLength(long contentLength) {
      this.contentLength = contentLength;
      return this;
    }

    /**
     * Allows replacing the file with the same external id (its metadata at once, its content when
     * the upload completes).
     *
     * @param overwrite whether to overwrite
     * @return this builder
     */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * Bounds this call, retries included.
     *
     * @param deadline a positive duration, or null for the client's
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      this.deadline = FieldChecks.positiveOrNull("deadline", deadline);
      return this;
    }

    /**
     * Checks every limit, plans the parts and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public CogniteInitiateRequest build() {
      CogniteRules.text("name", name, 256, true);
      CogniteRules.text("externalId", externalId, 255, false);
      CogniteRules.directory(directory);
      CogniteRules.text("source", source, 128, false);
      CogniteRules.text("mimeType", mimeType, 256, false);
      if (metadata != null) {
        CogniteRules.metadata(metadata);
      }
      if (assetIds != null) {
        CogniteRules.ids("assetIds", assetIds, 1, 1000);
      }
      if (dataSetId != null) {
        CogniteRules.id("dataSetId", dataSetId);
      }
      CogniteRules.time("sourceCreatedTime", sourceCreatedTime);
      CogniteRules.time("sourceModifiedTime", sourceModifiedTime);
      if (securityCategories != null) {
        CogniteRules.ids("securityCategories", securityCategories, 0, 100);
      }
      CogniteRules.labels(labels);
      if (geoLocation != null) {
        CogniteRules.geoLocation(geoLocation);
      }
      if (overwrite && externalId == null) {
        throw new InvalidRequestException(
            "overwrite", "needs externalId: Cognite overwrites the file with that externalId");
      }
      return plan();
    }

    private CogniteInitiateRequest plan() {
      if (contentLength != null && contentLength < 0) {
        throw new InvalidRequestException(
            "contentLength", "must be >= 0 (was " + contentLength + ")");
      }
      if (parts != null) {
        CogniteRules.parts(parts);
        if (partSize != null) {
          throw new InvalidRequestException("parts", "set either parts or partSize, not both");
        }
        Long size = null;
        if (contentLength != null) {
          size = CogniteRules.PLAN.partSizeFor(contentLength, parts);
          checkPlan("parts", contentLength, size);
        }
        return new CogniteInitiateRequest(this, parts, size);
      }
      if (contentLength == null) {
        throw new InvalidRequestException(
            "parts", "is required; or give contentLength, and the parts are planned from it");
      }
      long size = partSize != null ? partSize
          : Math.max(CogniteRules.DEFAULT_PART_SIZE, (contentLength + 249) / 250);
      checkPlan(partSize != null ? "partSize" : "contentLength", contentLength, size);
      return new CogniteInitiateRequest(this, (int) Math.max(1,
          (contentLength + size - 1) / size), size);
    }

    /** The one plan check, its refusal named after the field the plan came from. */
    private static void checkPlan(String field, long length, long size) {
      try {
        CogniteRules.PLAN.checkPlan(length, size);
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(field, e.rule() + " (Cognite: more than 5 MiB per part"
            + " but the last, less than 4000 MiB, at most 250 parts)");
      }
    }

    private static List<Long> boxed(long[] ids) {
      List<Long> out = new ArrayList<>();
      if (ids != null) {
        for (long id : ids) {
          out.add(id);
        }
      }
      return out;
    }
  }
}
