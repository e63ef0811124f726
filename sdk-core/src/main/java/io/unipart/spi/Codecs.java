package io.unipart.spi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The JSON and XML codecs every dialect shares: configured once, immutable, thread-safe. Only
 * readers and writers are handed out, so nobody can reconfigure them for everyone.
 *
 * <pre>{@code
 * JsonNode body = Codecs.jsonReader().readTree(response.body());
 * Codecs.XmlDocument doc = Codecs.readXml(response.body());  // root name + children
 * }</pre>
 *
 * <p>XML parsing refuses DTDs and external entities, so a hostile server cannot make the client
 * read local files or expand entities without bound.
 */
public final class Codecs {
  /**
   * The StAX input factory, built on first use: most responses are read by {@link
   * SmallXmlReader}, and finding and setting up a StAX implementation costs about 50 ms cold.
   */
  private static final class StaxInput {
    static final XMLInputFactory FACTORY = hardenedInputFactory();
  }

  /**
   * The JSON mapper, built on first use (initialization-on-demand holder): a dialect that never
   * reads JSON never pays for it at start-up.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final ObjectReader READER = MAPPER.reader();
    static final ObjectWriter WRITER = MAPPER.writer();
  }

  private Codecs() {}

  /**
   * Reads JSON.
   *
   * @return the shared reader
   */
  public static ObjectReader jsonReader() {
    return Json.READER;
  }

  /**
   * Writes JSON.
   *
   * @return the shared writer
   */
  public static ObjectWriter jsonWriter() {
    return Json.WRITER;
  }

  /**
   * Makes JSON trees.
   *
   * @return the node factory
   */
  public static JsonNodeFactory jsonNodes() {
    return JsonNodeFactory.instance;
  }

  /**
   * Writes a JSON tree as UTF-8 bytes, for request bodies.
   *
   * @param tree the tree
   * @return the bytes
   */
  public static byte[] jsonBytes(JsonNode tree) {
    try {
      return jsonWriter().writeValueAsBytes(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /**
   * Parses a small XML document into its root element's local name (namespace ignored) and its
   * children as a tree, after any leading whitespace ({@code <A><B>x</B></A>} gives root {@code A} and {@code {"B":"x"}}).
   *
   * @param body the document
   * @return the document
   * @throws ResponseFormatException when the bytes are not well-formed XML
   */
  public static XmlDocument readXml(byte[] body) throws ResponseFormatException {
    if (body == null || body.length == 0) {
      throw new ResponseFormatException("the body is empty");
    }
    // S3 and COS keep a slow complete alive by sending spaces before the document, XML
    // declaration included, which a parser would refuse: skip them.
    int start = 0;
    while (start < body.length && (body[start] == ' ' || body[start] == '\n'
        || body[start] == '\r' || body[start] == '\t')) {
      start++;
    }
    XmlDocument small = SmallXmlReader.read(body, start, jsonNodes());
    return small != null ? small : readXmlWithStax(body, start);
  }

  /** The full parser: for what {@link SmallXmlReader} will not read, and as its reference. */
  static XmlDocument readXmlWithStax(byte[] body, int start) throws ResponseFormatException {
    try {
      XMLStreamReader r = StaxInput.FACTORY.createXMLStreamReader(
          new ByteArrayInputStream(body, start, body.length - start));
      try {
        while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
          // skip the prolog
        }
        if (!r.isStartElement()) {
          throw new ResponseFormatException("the body has no XML element");
        }
        String root = r.getLocalName();
        JsonNode children = element(r);
        while (r.hasNext()) {
          r.next();
        }
        return new XmlDocument(root, children.isObject() ? children
            : jsonNodes().objectNode());
      } finally {
        r.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      throw new ResponseFormatException("the body is not well-formed XML");
    }
  }

  /**
   * Reads the element the reader stands on, in one pass: text for a leaf, an object of children
   * otherwise (repeated names become arrays), as Jackson's XML tree model does.
   */
  private static JsonNode element(XMLStreamReader r) throws XMLStreamException {
    com.fasterxml.jackson.databind.node.ObjectNode object = null;
    StringBuilder text = new StringBuilder();
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        String name = r.getLocalName();
        JsonNode child = element(r);
        if (object == null) {
          object = jsonNodes().objectNode();
        }
        JsonNode existing = object.get(name);
        if (existing == null) {
          object.set(name, child);
        } else if (existing.isArray()) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) existing).add(child);
        } else {
          object.putArray(name).add(existing).add(child);
        }
      } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
          || event == XMLStreamConstants.SPACE) {
        text.append(r.getText());
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        break;
      }
    }
    if (object != null) {
      return object;
    }
    return text.length() == 0 ? jsonNodes().objectNode() : jsonNodes().textNode(text.toString());
  }

  /**
   * The local name of the first element, found by a cheap scan (no parser): for deciding whether a
   * success body is an error document before paying for a parse.
   *
   * @param body the bytes
   * @return the local name, or null when the body does not start like XML
   */
  public static String xmlRootName(byte[] body) {
    int i = 0;
    int n = body.length;
    while (i < n) {
      while (i < n && body[i] != '<') {
        if (!Character.isWhitespace(body[i]) && body[i] != (byte) 0xEF && body[i] != (byte) 0xBB
            && body[i] != (byte) 0xBF) {
          return null;
        }
        i++;
      }
      if (i + 1 >= n) {
        return null;
      }
      byte next = body[i + 1];
      if (next == '?' || next == '!') {
        while (i < n && body[i] != '>') {
          i++;
        }
        i++;
        continue;
      }
      int start = i + 1;
      int end = start;
      while (end < n && body[end] != '>' && body[end] != '/' && !Character.isWhitespace(
          body[end])) {
        end++;
      }
      String name = new String(body, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
      int colon = name.indexOf(':');
      return colon < 0 ? name : name.substring(colon + 1);
    }
    return null;
  }

  private static XMLInputFactory hardenedInputFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
    return f;
  }

  /** A parsed XML document: the root element's local name and its children. */
  public static final class XmlDocument {
    private final String root;
    private final JsonNode children;

    XmlDocument(String root, JsonNode children) {
      this.root = root;
      this.children = children;
    }

    /**
     * The root element's local name.
     *
     * @return e.g. {@code Error}
     */
    public String root() {
      return root;
    }

    /**
     * The root's children as a tree; repeated elements become arrays.
     *
     * @return the tree
     */
    public JsonNode children() {
      return children;
    }

    /**
     * The text of a direct child element.
     *
     * @param name the child's local name
     * @return its text, or null when absent or not text
     */
    public String text(String name) {
      JsonNode n = children.get(name);
      if (n == null || n.isNull()) {
        return null;
      }
      if (n.isValueNode()) {
        return n.asText();
      }
      if (n.isObject() && n.size() == 0) {
        return "";
      }
      return null;
    }
  }
}
