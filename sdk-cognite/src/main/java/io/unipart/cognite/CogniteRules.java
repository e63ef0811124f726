package io.unipart.cognite;

import io.unipart.internal.FieldChecks;
import com.fasterxml.jackson.databind.JsonNode;
import io.unipart.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Files API's documented limits, each failing with the field and the rule named. */
final class CogniteRules {
  static final long MAX_ID = 9_007_199_254_740_991L;
  static final int MAX_PARTS = 250;
  static final long MIN_PART_SIZE = 5L << 20;
  static final long MAX_PART_SIZE = 4000L << 20;
  static final long DEFAULT_PART_SIZE = 50L << 20;

  /**
   * Cognite's part rules as the one plan check takes them: more than 5 MiB (all but the last),
   * less than 4000 MiB, at most 250 parts.
   */
  static final io.unipart.UploadCapabilities PLAN = io.unipart.UploadCapabilities.builder()
      .partSize(MIN_PART_SIZE + 1, MAX_PART_SIZE - 1).maxPartCount(MAX_PARTS).build();
  static final Set<String> GEOMETRY_TYPES = Set.of(
      "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon");

  private CogniteRules() {}

  static void text(String field, String value, int max, boolean required) {
    if (value == null) {
      if (required) {
        throw new InvalidRequestException(field, "is required");
      }
      return;
    }
    if (value.isEmpty()) {
      throw new InvalidRequestException(field, "must not be empty");
    }
    FieldChecks.utf8(field, value);
    int length = value.codePointCount(0, value.length());
    if (length > max) {
      throw new InvalidRequestException(
          field, "must be at most " + max + " characters (was " + length + ")");
    }
  }

  static void directory(String directory) {
    if (directory == null) {
      return;
    }
    text("directory", directory, 512, false);
    if (!directory.startsWith("/")) {
      throw new InvalidRequestException(
          "directory", "must be an absolute unix-style path starting with '/'");
    }
    if (directory.contains("\\")) {
      throw new InvalidRequestException("directory", "must use '/' as separator, not '\\'");
    }
  }

  static void id(String field, long id) {
    if (id < 1 || id > MAX_ID) {
      throw new InvalidRequestException(field, "must be 1.." + MAX_ID + " (was " + id + ")");
    }
  }

  static void ids(String field, List<Long> ids, int min, int max) {
    if (ids.size() < min || ids.size() > max) {
      throw new InvalidRequestException(
          field, "must have " + min + ".." + max + " ids (had " + ids.size() + ")");
    }
    for (Long id : ids) {
      if (id == null) {
        throw new InvalidRequestException(field, "must not contain null");
      }
      id(field, id);
    }
  }

  static void time(String field, Long millis) {
    if (millis != null && millis < 0) {
      throw new InvalidRequestException(
          field, "must be milliseconds since the epoch, >= 0 (was " + millis + ")");
    }
  }

  static void metadata(Map<String, String> metadata) {
    if (metadata.size() > 256) {
      throw new InvalidRequestException(
          "metadata", "must have at most 256 pairs (had " + metadata.size() + ")");
    }
    int total = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String field = "metadata[" + e.getKey() + "]";
      if (e.getKey().isEmpty()) {
        throw new InvalidRequestException("metadata", "keys must not be empty");
      }
      if (e.getValue() == null) {
        throw new InvalidRequestException(field, "value must not be null");
      }
      int keyBytes = FieldChecks.utf8(field, e.getKey()).length;
      int valueBytes = FieldChecks.utf8(field, e.getValue()).length;
      if (keyBytes > 128) {
        throw new InvalidRequestException(
            field, "key must be at most 128 bytes (was " + keyBytes + ")");
      }
      if (valueBytes > 10240) {
        throw new InvalidRequestException(
            field, "value must be at most 10240 bytes (was " + valueBytes + ")");
      }
      total += keyBytes + valueBytes;
    }
    if (total > 10240) {
      throw new InvalidRequestException(
          "metadata", "must total at most 10240 bytes of keys and values (was " + total + ")");
    }
  }

  static void labels(List<String> labels) {
    if (labels.size() > 10) {
      throw new InvalidRequestException(
          "labels", "must have at most 10 labels (had " + labels.size() + ")");
    }
    for (String label : labels) {
      text("labels", label, 255, true);
    }
  }

  /** A GeoJSON Feature: type Feature, a geometry with a known type and coordinates. */
  static void geoLocation(JsonNode feature) {
    if (!feature.isObject() || !"Feature".equals(feature.path("type").asText(null))) {
      throw new InvalidRequestException("geoLocation", "must be a GeoJSON Feature (type Feature)");
    }
    JsonNode geometry = feature.path("geometry");
    if (!geometry.isObject() || !GEOMETRY_TYPES.contains(geometry.path("type").asText(""))) {
      throw new InvalidRequestException(
          "geoLocation", "geometry.type must be one of " + GEOMETRY_TYPES);
    }
    if (!geometry.path("coordinates").isArray() || geometry.path("coordinates").isEmpty()) {
      throw new InvalidRequestException("geoLocation", "geometry.coordinates must be an array");
    }
    JsonNode properties = feature.get("properties");
    if (properties != null && !properties.isObject() && !properties.isNull()) {
      throw new InvalidRequestException("geoLocation", "properties must be an object");
    }
  }

}
