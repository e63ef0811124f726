package io.unipart.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One element of a parsed response document, as {@link Codecs#readXml} gives it: either a leaf
 * with its text, or the child elements it holds, by local name (namespaces dropped), in document
 * order. Attributes, comments and text between child elements are not kept: the services' response
 * documents carry nothing there.
 *
 * <pre>{@code
 * XmlElement listing = Codecs.readXml(body).element();
 * for (XmlElement part : listing.all("Part")) {
 *   String etag = part.text("ETag");
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; two elements are equal when their text and children are.
 */
public final class XmlElement {
  private static final XmlElement EMPTY = new XmlElement("", Map.of());

  /** A leaf's text, or null when the element holds child elements. */
  private final String text;
  /** Local name to the one child of that name, or to a list of them when repeated. */
  private final Map<String, Object> children;

  private XmlElement(String text, Map<String, Object> children) {
    this.text = text;
    this.children = children;
  }

  /** A leaf; {@code ""} for an empty element. */
  static XmlElement leaf(String text) {
    return text.isEmpty() ? EMPTY : new XmlElement(text, Map.of());
  }

  /** An element without content. */
  static XmlElement empty() {
    return EMPTY;
  }

  /**
   * The element's text, when it holds no child elements.
   *
   * @return its text ({@code ""} for an empty element), or null when it holds child elements
   */
  public String text() {
    return text;
  }

  /**
   * The child elements with a local name, in document order.
   *
   * @param name the local name
   * @return the children, empty when there are none
   */
  @SuppressWarnings("unchecked")
  public List<XmlElement> all(String name) {
    Object v = children.get(name);
    if (v == null) {
      return List.of();
    }
    return v instanceof XmlElement ? List.of((XmlElement) v)
        : Collections.unmodifiableList((List<XmlElement>) v);
  }

  /**
   * The one child element with a local name.
   *
   * @param name the local name
   * @return the child, or null when there is none or more than one
   */
  public XmlElement child(String name) {
    Object v = children.get(name);
    return v instanceof XmlElement ? (XmlElement) v : null;
  }

  /**
   * The text of the one child element with a local name.
   *
   * @param name the local name
   * @return its text, or null when that child is absent, repeated or holds elements itself
   */
  public String text(String name) {
    XmlElement c = child(name);
    return c == null ? null : c.text;
  }

  /**
   * The local names of the child elements, in the order they first appear.
   *
   * @return the names, empty for a leaf
   */
  public Set<String> names() {
    return Collections.unmodifiableSet(children.keySet());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof XmlElement && java.util.Objects.equals(text, ((XmlElement) o).text)
        && children.equals(((XmlElement) o).children);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(text) * 31 + children.hashCode();
  }

  /** A compact form for test failures, like {@code {Bucket=b, Part=[{ETag="a"}, ...]}}. */
  @Override
  public String toString() {
    return text != null ? '"' + text + '"' : children.toString();
  }

  /** Collects child elements while a reader walks an element's content. Not thread-safe. */
  static final class Builder {
    private Map<String, Object> children;

    /** Adds a child element under its local name. */
    @SuppressWarnings("unchecked")
    void add(String name, XmlElement child) {
      if (children == null) {
        children = new LinkedHashMap<>(8);
      }
      Object existing = children.putIfAbsent(name, child);
      if (existing instanceof XmlElement) {
        List<XmlElement> list = new ArrayList<>(4);
        list.add((XmlElement) existing);
        list.add(child);
        children.put(name, list);
      } else if (existing != null) {
        ((List<XmlElement>) existing).add(child);
      }
    }

    /** True once a child element was added. */
    boolean hasChildren() {
      return children != null;
    }

    /** The element with the children added so far (call once). */
    XmlElement build() {
      return children == null ? EMPTY : new XmlElement(null, children);
    }
  }
}
