package io.unipart.cognite;

import io.unipart.internal.JsonCodecs;
import com.fasterxml.jackson.databind.JsonNode;
import io.unipart.DialectRequest;
import io.unipart.DialectRequestBuilder;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Cognite's {@code files/initmultipartupload}: the neutral {@link UploadRequest} (its key is the
 * file's {@code name}, its content type the {@code mimeType}, its metadata the file's metadata,
 * its part count the {@code parts} query parameter, its {@code overwrite} Cognite's, and its
 * length and part size the plan) plus what only Cognite has: {@code externalId}, {@code
 * directory}, {@code source}, asset ids, data set, source times, security categories, labels and
 * a geo location. Immutable; {@link Builder#build()} checks every documented limit before any
 * network call.
 *
 * <pre>{@code
 * CogniteInitiateRequest request = CogniteInitiateRequest.builder(UploadRequest.builder()
 *         .key("pump-42.mp4").contentType("video/mp4")
 *         .contentLength(734_003_200L)        // parts follow: 14 parts of 50 MiB
 *         .build())
 *     .externalId("pump-42-inspection")
 *     .directory("/inspections/2026")
 *     .assetIds(4503599627370496L)
 *     .build();
 * }</pre>
 *
 * <p>Limits: the name 1..256 characters, {@code externalId} ..255, {@code directory} an absolute
 * unix path ..512, {@code source} ..128, the mime type ..256; metadata keys ..128 bytes, values
 * ..10240 bytes, at most 256 pairs and 10240 bytes in all; {@code assetIds} 1..1000 ids, {@code
 * securityCategories} at most 100, every id 1..2^53-1; times are milliseconds since the epoch, at
 * least 0; at most 10 labels; {@code geoLocation} a GeoJSON Feature; 1..250 parts. Parts are more
 * than 5 MiB and less than 4000 MiB, but for the last. With only the content length known, the
 * part size is {@code max(50 MiB, length/250)}, as Cognite's own SDK chooses it. {@code
 * overwrite(true)} needs an {@code externalId}: Cognite overwrites the file that has it.
 */
public final class CogniteInitiateRequest extends DialectRequest {
  private final String externalId;
  private final String directory;
  private final String source;
  private final List<Long> assetIds;
  private final Long dataSetId;
  private final Long sourceCreatedTime;
  private final Long sourceModifiedTime;
  private final List<Long> securityCategories;
  private final List<String> labels;
  private final JsonNode geoLocation;
  private final int parts;
  private final Long partSize;

  private CogniteInitiateRequest(Builder b, int parts, Long partSize) {
    super(b.upload());
    this.externalId = b.externalId;
    this.directory = b.directory;
    this.source = b.source;
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
  }

  /**
   * Starts a request from the neutral one, adding Cognite's fields.
   *
   * @param upload the file's name (key), mime type, metadata, length, part plan, overwrite and
   *     deadline
   * @return a builder
   */
  public static Builder builder(UploadRequest upload) {
    return new Builder(upload);
  }

  /**
   * The external id, which makes a retried initiate find the same file.
   *
   * @return the id, or empty
   */
  public Optional<String> externalId() {
    return Optional.ofNullable(externalId);
  }

  /** The planned part count, sent as {@code ?parts=}. */
  int parts() {
    return parts;
  }

  /** The planned part size, when the length is known. */
  OptionalLong plannedPartSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  /** Whether Cognite may overwrite the file with the same externalId. */
  boolean overwrite() {
    return upload().overwrite().orElse(false);
  }

  CogniteBodies.File body() {
    List<CogniteBodies.Label> labelRefs = new ArrayList<>();
    labels.forEach(l -> labelRefs.add(new CogniteBodies.Label(l)));
    return new CogniteBodies.File(upload().key(), externalId, directory, source,
        upload().contentType().orElse(null), upload().metadata(), assetIds, dataSetId,
        sourceCreatedTime, sourceModifiedTime, securityCategories, labelRefs,
        geoLocation == null ? null : geoLocation.deepCopy());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CogniteInitiateRequest)) {
      return false;
    }
    CogniteInitiateRequest r = (CogniteInitiateRequest) o;
    return upload().equals(r.upload()) && body().equals(r.body());
  }

  @Override
  public int hashCode() {
    return Objects.hash(upload(), body());
  }

  @Override
  public String toString() {
    return "CogniteInitiateRequest{" + upload()
        + (externalId == null ? "" : ", externalId=" + externalId)
        + ", parts=" + parts
        + (partSize == null ? "" : ", partSize=" + partSize) + '}';
  }

  /** Builds a {@link CogniteInitiateRequest}. Not thread-safe. */
  public static final class Builder extends DialectRequestBuilder<Builder> {
    private String externalId;
    private String directory;
    private String source;
    private List<Long> assetIds;
    private Long dataSetId;
    private Long sourceCreatedTime;
    private Long sourceModifiedTime;
    private List<Long> securityCategories;
    private final List<String> labels = new ArrayList<>();
    private JsonNode geoLocation;

    private Builder(UploadRequest upload) {
      super(upload);
    }

    /** Unique per project: ..255 characters, or null for none. */
    public Builder externalId(String externalId) {
      this.externalId = externalId;
      return this;
    }

    /** An absolute unix-style path, ..512 characters, or null. */
    public Builder directory(String directory) {
      this.directory = directory;
      return this;
    }

    /** Where the file came from: ..128 characters, or null. */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /** The assets the file belongs to: 1..1000 ids. */
    public Builder assetIds(long... assetIds) {
      this.assetIds = boxed(assetIds);
      return this;
    }

    /** The data set the file belongs to: 1..2^53-1. */
    public Builder dataSetId(long dataSetId) {
      this.dataSetId = dataSetId;
      return this;
    }

    /** When the source created the file: milliseconds since the epoch, at least 0. */
    public Builder sourceCreatedTime(long millis) {
      this.sourceCreatedTime = millis;
      return this;
    }

    /** When the source last changed the file: milliseconds since the epoch, at least 0. */
    public Builder sourceModifiedTime(long millis) {
      this.sourceModifiedTime = millis;
      return this;
    }

    /** Needed to access the file: at most 100 ids. */
    public Builder securityCategories(long... ids) {
      this.securityCategories = boxed(ids);
      return this;
    }

    /**
     * Adds labels, by their external ids.
     *
     * @param externalIds at most 10 in all
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
     * Checks every limit, plans the parts and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public CogniteInitiateRequest build() {
      UploadRequest upload = upload();
      CogniteRules.text("name", upload.key(), 256, true);
      CogniteRules.text("externalId", externalId, 255, false);
      CogniteRules.directory(directory);
      CogniteRules.text("source", source, 128, false);
      CogniteRules.text("contentType", upload.contentType().orElse(null), 256, false);
      if (!upload.metadata().isEmpty()) {
        CogniteRules.metadata(upload.metadata());
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
      if (upload.overwrite().orElse(false) && externalId == null) {
        throw new InvalidRequestException(
            "overwrite", "needs externalId: Cognite overwrites the file with that externalId");
      }
      return plan();
    }

    /**
     * The part count and size: a part count as given (its size planned when the length is
     * known), or planned from the length and part size, or from the length alone as Cognite's SDK
     * does. Errors name the neutral field the plan came from.
     */
    private CogniteInitiateRequest plan() {
      UploadRequest upload = upload();
      Long length = upload.contentLength().isPresent() ? upload.contentLength().getAsLong() : null;
      if (upload.partCount().isPresent()) {
        int parts = upload.partCount().getAsInt();
        if (parts > CogniteRules.MAX_PARTS) {
          throw new InvalidRequestException("partCount", "must be 1.." + CogniteRules.MAX_PARTS
              + " (was " + parts + ")");
        }
        Long size = null;
        if (length != null) {
          size = CogniteRules.PLAN.partSizeFor(length, parts);
          checkPlan("partCount", length, size);
        }
        return new CogniteInitiateRequest(this, parts, size);
      }
      if (length == null) {
        throw new InvalidRequestException("partCount", "is required; or give contentLength, and"
            + " the parts are planned from it");
      }
      boolean sized = upload.partSize().isPresent();
      long size = sized ? upload.partSize().getAsLong()
          : Math.max(CogniteRules.DEFAULT_PART_SIZE, (length + 249) / 250);
      checkPlan(sized ? "partSize" : "contentLength", length, size);
      return new CogniteInitiateRequest(this, (int) Math.max(1, (length + size - 1) / size), size);
    }

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
