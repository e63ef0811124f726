package io.unipart.internal;


/**
 * What the XML dialects share about reading a body before it is bound: the local name of its
 * first element, found by a cheap scan, to tell an error document from a result. The bodies
 * themselves are read and written by Jackson's XML mapper into typed classes (package-private);
 * the JSON dialects' codecs are in {@link JsonCodecs}.
 *
 * <pre>{@code
 * boolean isError = "Error".equals(Codecs.xmlRootName(response.body()));
 * }</pre>
 */
public final class Codecs {
  private Codecs() {}

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

}
