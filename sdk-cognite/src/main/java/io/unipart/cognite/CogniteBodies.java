package io.unipart.cognite;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The JSON bodies unipart sends Cognite, as typed values; absent fields are left out. */
final class CogniteBodies {
  private CogniteBodies() {}

  /** The file of {@code files/initmultipartupload}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record File(String name, String externalId, String directory, String source, String mimeType,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata,
      List<Long> assetIds, Long dataSetId, Long sourceCreatedTime, Long sourceModifiedTime,
      List<Long> securityCategories,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Label> labels,
      JsonNode geoLocation) {}

  /** A label, by its external id. */
  record Label(String externalId) {}

  /** A file by its id, or else its external id. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FileRef(Long id, String externalId) {}

  /** {@code files/completemultipartupload}: the file, and the upload that filled it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Complete(Long id, String externalId, String uploadId) {}

  /** {@code {"items": [...]}}. */
  record Items<T>(List<T> items) {}
}
