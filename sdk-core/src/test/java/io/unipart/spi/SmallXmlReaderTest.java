package io.unipart.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small-document reader against the full StAX parser (the JDK's own, java.xml): where it answers, it
 * must answer exactly what the parser answers; where it is not sure, it must say so.
 */
class SmallXmlReaderTest {
  private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  private static Codecs.XmlDocument small(String xml) {
    return SmallXmlReader.read(xml.getBytes(StandardCharsets.UTF_8), 0);
  }

  private static Codecs.XmlDocument stax(byte[] xml) {
    try {
      return Codecs.readXmlWithStax(xml, 0);
    } catch (ResponseFormatException e) {
      return null;
    }
  }

  private static Codecs.XmlDocument bothAgree(String xml) {
    Codecs.XmlDocument fast = small(xml);
    assertNotNull(fast, "the small reader refused " + xml);
    Codecs.XmlDocument full = stax(xml.getBytes(StandardCharsets.UTF_8));
    assertNotNull(full, "StAX refused " + xml);
    assertEquals(full.root(), fast.root(), xml);
    assertEquals(full.element(), fast.element(), xml);
    return fast;
  }

  @Test
  void readsAnInitiateResultAsStaxDoes() {
    Codecs.XmlDocument doc = bothAgree("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<InitiateMultipartUploadResult" + NS + "><Bucket>b</Bucket>"
        + "<Key>videos/intro &amp; outro &#233;t&#xE9; \u4e2d.mp4</Key>"
        + "<UploadId>VXBsb2FkSWQ</UploadId></InitiateMultipartUploadResult>");
    assertEquals("InitiateMultipartUploadResult", doc.root());
    assertEquals("videos/intro & outro \u00e9t\u00e9 \u4e2d.mp4", doc.text("Key"));
    assertEquals("VXBsb2FkSWQ", doc.text("UploadId"));
  }

  @Test
  void readsErrorsListingsAndEdgeShapesAsStaxDoes() {
    Codecs.XmlDocument error = bothAgree("<Error>\n  <Code>NoSuchUpload</Code>\n  <Message>The"
        + " upload &lt;x&gt; &quot;is&quot; &apos;gone&apos;</Message>\n  <RequestId>4442587FB7D0A2F9"
        + "</RequestId>\n  <Empty/>\n  <Blank></Blank>\n  <Space> </Space>\n</Error>");
    assertEquals("The upload <x> \"is\" 'gone'", error.text("Message"));
    assertEquals("", error.text("Empty"));
    assertEquals(" ", error.text("Space"));
    Codecs.XmlDocument list = bothAgree("<ListPartsResult" + NS + "><Part><PartNumber>1"
        + "</PartNumber><ETag>&quot;a&quot;</ETag></Part><Part><PartNumber>2</PartNumber>"
        + "</Part><Part><PartNumber>3</PartNumber></Part><IsTruncated>false</IsTruncated>"
        + "</ListPartsResult>");
    assertEquals(3, list.element().all("Part").size());
    assertEquals("\"a\"", list.element().all("Part").get(0).text("ETag"));
    bothAgree("<?xml version='1.0' standalone='yes' ?><a x='1' y = \"2\"\t><b/></a >\n");
    bothAgree("<a>\ud83d\ude00 &#x1F600; &#9; mixed <b>c</b> text</a>");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
      "<a><![CDATA[x]]></a>",
      "<a><!-- note --><b>x</b></a>",
      "<a>x</a><!-- after -->",
      "<?xml-stylesheet href=\"s\"?><a/>",
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
      "<?xml version=\"1.1\"?><a/>",
      "<s3:a xmlns:s3=\"urn:x\">x</s3:a>",
      "<a>line\r\nbreak</a>",
      "<a>&nbsp;</a>",
      "<a>&#0;</a>",
      "<a>]]></a>",
      "<a b=\"1\" b=\"2\"/>",
      "<a><b></a></b>",
      "<a>x</a>junk",
      "<a>",
      "\ufeff<a/>",
  })
  void leavesAnythingBeyondItsSubsetToTheFullParser(String xml) {
    assertNull(small(xml), xml);
  }

  @Test
  void refusesDeepNestingAndLeavesItToTheFullParser() {
    String deep = "<a>".repeat(40) + "x" + "</a>".repeat(40);
    assertNull(small(deep));
    assertNotNull(stax(deep.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readXmlFallsBackAndStillRefusesDtds() throws Exception {
    assertEquals("x", Codecs.readXml("<a><!-- c --><b>x</b></a>".getBytes(StandardCharsets.UTF_8))
        .text("b"));
    assertThrows(ResponseFormatException.class, () -> Codecs.readXml(
        "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>"
            .getBytes(StandardCharsets.UTF_8)));
    assertThrows(ResponseFormatException.class,
        () -> Codecs.readXml("<a><b></a></b>".getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Generated documents in the reader's subset must be read, and read as StAX reads them; every
   * single-byte mutation of them must be either refused or read as StAX reads it.
   */
  @Test
  void agreesWithStaxOnGeneratedAndMutatedDocuments() {
    Random random = new Random(20261122);
    String alphabet = "<>/&;#x=\"' \t\r\n]!?-:ab1\u00e9";
    int accepted = 0;
    int mutants = 0;
    int mutantsRead = 0;
    for (int d = 0; d < 400; d++) {
      String xml = document(random);
      bothAgree(xml);
      accepted++;
      byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
      for (int m = 0; m < 25; m++) {
        byte[] mutant = mutate(bytes, random, alphabet);
        mutants++;
        Codecs.XmlDocument fast = SmallXmlReader.read(mutant, 0);
        if (fast != null) {
          mutantsRead++;
          Codecs.XmlDocument full = stax(mutant);
          String shown = new String(mutant, StandardCharsets.UTF_8);
          assertNotNull(full, "read what StAX refuses: " + shown);
          assertEquals(full.root(), fast.root(), shown);
          assertEquals(full.element(), fast.element(), shown);
        }
      }
    }
    assertEquals(400, accepted);
    // Many mutants stay well-formed (a changed letter); the comparison must have been exercised.
    assertTrue(mutantsRead > mutants / 10, mutantsRead + " of " + mutants);
  }

  private static byte[] mutate(byte[] in, Random random, String alphabet) {
    byte[] symbol = String.valueOf(alphabet.charAt(random.nextInt(alphabet.length())))
        .getBytes(StandardCharsets.UTF_8);
    int at = random.nextInt(in.length);
    int kind = random.nextInt(3);
    int removed = kind == 1 ? 0 : 1; // 0 replace, 1 insert, 2 delete
    byte[] added = kind == 2 ? new byte[0] : symbol;
    byte[] out = new byte[in.length - removed + added.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(added, 0, out, at, added.length);
    System.arraycopy(in, at + removed, out, at + added.length, in.length - at - removed);
    return out;
  }

  private static String document(Random random) {
    StringBuilder sb = new StringBuilder();
    if (random.nextBoolean()) {
      sb.append(random.nextBoolean() ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          : "<?xml version='1.0'?>").append(random.nextBoolean() ? "\n" : "");
    }
    element(sb, random, 0, "Root");
    return sb.toString();
  }

  private static void element(StringBuilder sb, Random random, int depth, String name) {
    sb.append('<').append(name);
    if (depth == 0 && random.nextBoolean()) {
      sb.append(NS);
    }
    if (random.nextInt(4) == 0) {
      sb.append(" id=\"").append(random.nextInt(100)).append('"');
    }
    int shape = depth >= 3 ? random.nextInt(3) : random.nextInt(4);
    if (shape == 0) {
      sb.append("/>");
      return;
    }
    sb.append('>');
    if (shape == 3) {
      int children = 1 + random.nextInt(4);
      for (int c = 0; c < children; c++) {
        if (random.nextBoolean()) {
          sb.append("\n  ");
        }
        element(sb, random, depth + 1, "E" + random.nextInt(3));
      }
      if (random.nextBoolean()) {
        sb.append('\n');
      }
    } else if (shape == 2) {
      String[] pieces = {"a", "Z9", " ", "\t", "\n", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;",
          "&#65;", "&#x4E2D;", "&#x1F600;", "\u00e9", "\u4e2d", "\ud83d\ude00", "]", ">", "'",
          "\"", "-", "="};
      int count = 1 + random.nextInt(8);
      for (int p = 0; p < count; p++) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
    }
    sb.append("</").append(name).append('>');
  }
}
