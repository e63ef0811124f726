package io.unipart.spi;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML reading the XML dialects share: stateless and thread-safe, and built on the JDK alone
 * (no XML library), so the S3 and COS modules bring none into an application. The JSON dialects'
 * codecs are in {@link JsonCodecs}.
 *
 * <pre>{@code
 * Codecs.XmlDocument doc = Codecs.readXml(response.body());  // root name + root element
 * String uploadId = doc.text("UploadId");
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

  private Codecs() {}

  /**
   * Parses a small XML document into its root element's local name (namespace ignored) and the
   * root element, after any leading whitespace ({@code <A><B>x</B></A>} gives root {@code A},
   * whose child {@code B} has the text {@code x}).
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
    XmlDocument small = SmallXmlReader.read(body, start);
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
        XmlElement element = element(r);
        while (r.hasNext()) {
          r.next();
        }
        return new XmlDocument(root, element);
      } finally {
        r.close();
      }
    } catch (XMLStreamException | RuntimeException e) {
      throw new ResponseFormatException("the body is not well-formed XML");
    }
  }

  /**
   * Reads the element the reader stands on, in one pass: its text for a leaf, its child elements
   * otherwise.
   */
  private static XmlElement element(XMLStreamReader r) throws XMLStreamException {
    XmlElement.Builder object = null;
    StringBuilder text = new StringBuilder();
    while (r.hasNext()) {
      int event = r.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        String name = r.getLocalName();
        XmlElement child = element(r);
        if (object == null) {
          object = new XmlElement.Builder();
        }
        object.add(name, child);
      } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
          || event == XMLStreamConstants.SPACE) {
        text.append(r.getText());
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        break;
      }
    }
    if (object != null) {
      return object.build();
    }
    return XmlElement.leaf(text.toString());
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

  /** A parsed XML document: the root element's local name and the root element. */
  public static final class XmlDocument {
    private final String root;
    private final XmlElement element;

    XmlDocument(String root, XmlElement element) {
      this.root = root;
      this.element = element;
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
     * The root element: its children by local name, or its text.
     *
     * @return the element
     */
    public XmlElement element() {
      return element;
    }

    /**
     * The text of a direct child element.
     *
     * @param name the child's local name
     * @return its text, or null when absent, repeated or not text
     */
    public String text(String name) {
      return element.text(name);
    }
  }
}
