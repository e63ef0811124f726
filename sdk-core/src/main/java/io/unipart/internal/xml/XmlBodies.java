package io.unipart.internal.xml;

import io.unipart.Checksum;
import io.unipart.UploadedPart;
import io.unipart.internal.Codecs;
import io.unipart.spi.ResponseFormatException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;

/**
 * The S3 family's XML bodies, on one Jackson {@link XmlFactory} over Woodstox, named explicitly
 * (never whatever StAX implementation the class path offers), with DTDs and external entities
 * refused. What every whole upload reads and writes (the initiate's and complete's answers,
 * complete's part list, error documents) goes through Jackson's streaming parser and generator:
 * setting up data binding costs a fresh JVM about 300 ms (docs/BENCHMARKS.md). The listings a
 * resume reads are bound to typed classes by an {@link XmlMapper} on the same factory. Leading
 * whitespace is skipped (S3 and COS keep a slow complete alive with spaces before the document),
 * the root element is checked by name before anything is read (a 200 carrying {@code <Error>}
 * must not pass for a result), and namespaces are ignored. Thread-safe.
 */
final class XmlBodies {
  private XmlBodies() {}

  /**
   * Jackson's XML factory on Woodstox, DTDs and external entities refused: the mapper's and the
   * streaming read's. Built on first use.
   */
  private static final class Factory {
    static final XmlFactory XML = create();

    private static XmlFactory create() {
      XMLInputFactory input = new com.ctc.wstx.stax.WstxInputFactory();
      input.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
      input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
      XMLOutputFactory output = new com.ctc.wstx.stax.WstxOutputFactory();
      return XmlFactory.builder().xmlInputFactory(input).xmlOutputFactory(output).build();
    }
  }

  /** Built on first use: setting up Jackson's data binding costs a cold start 300 ms. */
  private static final class Mapper {
    static final XmlMapper XML = create();

    private static XmlMapper create() {
      XmlMapper mapper = new XmlMapper(Factory.XML);
      mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      mapper.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
      return mapper;
    }
  }

  /**
   * Reads a document whose root element must be {@code root}.
   *
   * @throws ResponseFormatException when the body is empty, not XML, of another root, or not
   *     well-formed
   */
  static <T> T read(byte[] body, String root, Class<T> type) throws ResponseFormatException {
    int start = start(body, root);
    try {
      return Mapper.XML.readValue(new ByteArrayInputStream(body, start, body.length - start),
          type);
    } catch (IOException | RuntimeException e) {
      throw new ResponseFormatException("the body is not well-formed XML");
    }
  }

  /**
   * Reads the text of the root's child elements by name, with Jackson's streaming XML parser and
   * no data binding. Same factory, same refusals,
   * same root check; nested elements are skipped; of repeated names the last wins, as binding
   * into a field does; an empty element reads as "".
   *
   * @throws ResponseFormatException as {@link #read}
   */
  static Map<String, String> readChildren(byte[] body, String root)
      throws ResponseFormatException {
    int start = start(body, root);
    Map<String, String> children = new java.util.LinkedHashMap<>();
    try (JsonParser p = Factory.XML.createParser(body, start, body.length - start)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        return children;
      }
      String name = null;
      while ((t = p.nextToken()) != null && t != JsonToken.END_OBJECT) {
        if (t == JsonToken.FIELD_NAME) {
          name = p.getText();
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          p.skipChildren();
        } else if (t == JsonToken.VALUE_NULL) {
          children.put(name, "");
        } else {
          children.put(name, p.getText());
        }
      }
      if (t == null) {
        throw new ResponseFormatException("the body is not well-formed XML");
      }
      return children;
    } catch (IOException | RuntimeException e) {
      throw new ResponseFormatException("the body is not well-formed XML");
    }
  }

  /** Where the document starts, after the checks every read makes. */
  private static int start(byte[] body, String root) throws ResponseFormatException {
    if (body == null || body.length == 0) {
      throw new ResponseFormatException("the body is empty");
    }
    String actual = Codecs.xmlRootName(body);
    if (actual == null) {
      throw new ResponseFormatException("the body is not XML");
    }
    if (!actual.equals(root)) {
      throw new ResponseFormatException("expected " + root + ", got <" + actual + ">");
    }
    int start = 0;
    while (start < body.length && (body[start] == ' ' || body[start] == '\n'
        || body[start] == '\r' || body[start] == '\t')) {
      start++;
    }
    return start;
  }

  /** An error document's leaf elements by name (nested ones are left out). */
  static Map<String, String> readError(byte[] body) throws ResponseFormatException {
    return readChildren(body, "Error");
  }

  /**
   * {@code CompleteMultipartUpload}, the part list complete sends, written by Jackson's streaming
   * XML generator (no data binding: this is on every whole upload's path); each part's {@code
   * <ChecksumX>} only where it has a checksum of the upload's {@code algorithm}.
   */
  static byte[] completeRequest(List<UploadedPart> parts, String algorithm) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 96 * parts.size());
    try (ToXmlGenerator g = Factory.XML.createGenerator(out)) {
      g.enable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION);
      g.initGenerator();
      g.setNextName(new QName("CompleteMultipartUpload"));
      g.writeStartObject();
      for (UploadedPart p : parts) {
        g.writeFieldName("Part");
        g.writeStartObject();
        g.writeNumberField("PartNumber", p.partNumber());
        g.writeStringField("ETag", p.etag().orElse(""));
        Checksum checksum = p.checksum().orElse(null);
        if (algorithm != null && checksum != null && checksum.algorithm().equals(algorithm)) {
          g.writeStringField("Checksum" + algorithm, checksum.value());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write XML", e);
    }
    return out.toByteArray();
  }

  /**
   * {@code CompleteMultipartUploadResult}, read by {@link #readChildren} (no data binding: this
   * is on every whole upload's path).
   */
  static CompleteResult readCompleteResult(byte[] body) throws ResponseFormatException {
    Map<String, String> doc = readChildren(body, "CompleteMultipartUploadResult");
    CompleteResult result = new CompleteResult();
    result.location = doc.get("Location");
    result.etag = doc.get("ETag");
    doc.forEach(result::element);
    return result;
  }

  /**
   * The flexible-checksum elements ({@code <ChecksumCRC32>}, {@code <ChecksumCRC32C>}, ...) a
   * part, a listing and a complete result may carry, by algorithm name.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  abstract static class WithChecksums {
    private final Map<String, String> checksums = new java.util.LinkedHashMap<>();

    /** Keeps a {@code <ChecksumX>} element; {@code <ChecksumType>} names no algorithm. */
    @com.fasterxml.jackson.annotation.JsonAnySetter
    void element(String name, Object value) {
      if (name.startsWith("Checksum") && !name.equals("ChecksumType")
          && value instanceof String) {
        checksums.put(name.substring("Checksum".length()), (String) value);
      }
    }

    /** The value for an algorithm of {@link IntegrityCheck.Flexible}, or null. */
    String checksum(String algorithm) {
      return checksums.get(algorithm);
    }
  }

  /** What complete's answer ({@code CompleteMultipartUploadResult}) says that the client uses. */
  static final class CompleteResult extends WithChecksums {
    String location;
    String etag;
  }

  /** {@code ListPartsResult}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class PartsPage {
    @JsonProperty("IsTruncated") String truncated;
    @JsonProperty("NextPartNumberMarker") String nextMarker;

    @JacksonXmlElementWrapper(useWrapping = false)
    @JsonProperty("Part")
    List<ListedPart> parts = new ArrayList<>();
  }

  /** A {@code <Part>} of a listing. */
  static final class ListedPart extends WithChecksums {
    @JsonProperty("PartNumber") String partNumber;
    @JsonProperty("ETag") String etag;
    @JsonProperty("Size") String size;
  }

  /** {@code ListMultipartUploadsResult}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class UploadsPage {
    @JsonProperty("IsTruncated") String truncated;
    @JsonProperty("NextKeyMarker") String nextKey;
    @JsonProperty("NextUploadIdMarker") String nextUploadId;

    @JacksonXmlElementWrapper(useWrapping = false)
    @JsonProperty("Upload")
    List<ListedUpload> uploads = new ArrayList<>();
  }

  /** An {@code <Upload>} of a listing. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class ListedUpload {
    @JsonProperty("Key") String key;
    @JsonProperty("UploadId") String uploadId;
    @JsonProperty("Initiated") String initiated;
  }
}
