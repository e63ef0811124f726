package io.unipart.internal.xml;

import io.unipart.spi.ResponseFormatException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The XML bodies on Jackson's XML factory over Woodstox: generated part listings read
 * back to the values they were made from (entities, namespaces, whitespace, an empty {@code
 * <Size/>}, one part or many), 10,000 one-byte mutants of them ending in a value or a {@link
 * ResponseFormatException} and nothing else, DTDs and external entities refused, whitespace
 * before the declaration skipped, another root refused by name.
 */
class XmlBodiesTest {
  static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One generated listing and what it holds. */
  static final class Listing {
    final String xml;
    final List<String[]> parts = new ArrayList<>(); // number, etag, size ("" for empty)

    Listing(Random random) {
      StringBuilder sb = new StringBuilder();
      if (random.nextBoolean()) {
        sb.append(random.nextBoolean() ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            : "<?xml version='1.0'?>");
      }
      sb.append("<ListPartsResult").append(random.nextBoolean() ? NS : "").append('>');
      sb.append("<Bucket>b</Bucket><Key>k &amp; &lt;x&gt;</Key>");
      int count = 1 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        String number = String.valueOf(1 + random.nextInt(10_000));
        String etag = "\"" + Long.toHexString(random.nextLong()) + "\"";
        String size = random.nextInt(5) == 0 ? "" : String.valueOf(random.nextInt(1 << 30));
        parts.add(new String[] {number, etag, size});
        sb.append(random.nextBoolean() ? "\n  " : "").append("<Part><PartNumber>").append(number)
            .append("</PartNumber><LastModified>2026-11-30T10:00:00.000Z</LastModified><ETag>")
            .append(random.nextBoolean() ? "&quot;" + etag.substring(1, etag.length() - 1)
                + "&quot;" : etag).append("</ETag>")
            .append(size.isEmpty() ? "<Size/>" : "<Size>" + size + "</Size>").append("</Part>");
      }
      sb.append("<IsTruncated>false</IsTruncated></ListPartsResult>");
      xml = sb.toString();
    }
  }

  @Test
  void readsGeneratedListingsBackAndEveryMutantToAValueOrAFormatError() throws Exception {
    Random random = new Random(20261130);
    int mutantsRead = 0;
    for (int d = 0; d < 400; d++) {
      Listing listing = new Listing(random);
      XmlBodies.PartsPage page = XmlBodies.read(bytes(listing.xml), "ListPartsResult",
          XmlBodies.PartsPage.class);
      assertThat(page.parts).as(listing.xml).hasSize(listing.parts.size());
      for (int i = 0; i < page.parts.size(); i++) {
        assertThat(page.parts.get(i).partNumber).isEqualTo(listing.parts.get(i)[0]);
        assertThat(page.parts.get(i).etag).isEqualTo(listing.parts.get(i)[1]);
        assertThat(page.parts.get(i).size).isEqualTo(listing.parts.get(i)[2]);
      }
      byte[] original = bytes(listing.xml);
      for (int m = 0; m < 25; m++) {
        byte[] mutant = mutate(original, random);
        try {
          XmlBodies.read(mutant, "ListPartsResult", XmlBodies.PartsPage.class);
          mutantsRead++;
        } catch (ResponseFormatException expected) {
          // the one allowed failure
        }
      }
    }
    // Many mutants stay well-formed (a changed letter): both outcomes were exercised.
    assertThat(mutantsRead).isBetween(1000, 9000);
  }

  static byte[] mutate(byte[] in, Random random) {
    String alphabet = "<>/&;#x=\"' \t\r\n]!?-:ab1\u00e9";
    byte[] symbol = String.valueOf(alphabet.charAt(random.nextInt(alphabet.length())))
        .getBytes(StandardCharsets.UTF_8);
    int at = random.nextInt(in.length);
    int kind = random.nextInt(3);
    int removed = kind == 1 ? 0 : 1;
    byte[] added = kind == 2 ? new byte[0] : symbol;
    byte[] out = new byte[in.length - removed + added.length];
    System.arraycopy(in, 0, out, 0, at);
    System.arraycopy(added, 0, out, at, added.length);
    System.arraycopy(in, at + removed, out, at + added.length, in.length - at - removed);
    return out;
  }

  @Test
  void refusesDtdsExternalEntitiesJunkAndAnotherRoot() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE ListPartsResult [<!ENTITY x SYSTEM"
        + " \"file:///etc/passwd\">]><ListPartsResult><Key>&x;</Key></ListPartsResult>";
    assertThat(catchThrowableOfType(ResponseFormatException.class, () -> XmlBodies.read(
        bytes(xxe), "ListPartsResult", XmlBodies.PartsPage.class))).isNotNull();
    String bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">"
        + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><ListPartsResult><Key>&b;</Key>"
        + "</ListPartsResult>";
    assertThat(catchThrowableOfType(ResponseFormatException.class, () -> XmlBodies.read(
        bytes(bomb), "ListPartsResult", XmlBodies.PartsPage.class))).isNotNull();
    assertThat(catchThrowableOfType(ResponseFormatException.class, () -> XmlBodies.read(
        new byte[0], "ListPartsResult", XmlBodies.PartsPage.class)).getMessage())
        .contains("empty");
    assertThat(catchThrowableOfType(ResponseFormatException.class, () -> XmlBodies.read(
        bytes("not xml"), "ListPartsResult", XmlBodies.PartsPage.class))).isNotNull();
    assertThat(catchThrowableOfType(ResponseFormatException.class, () ->
        XmlBodies.readCompleteResult(bytes("<Error><Code>InternalError</Code></Error>")))
        .getMessage()).contains("got <Error>");
  }

  @Test
  void skipsWhitespaceBeforeTheDeclarationAndReadsChecksums() throws Exception {
    // A slow complete: spaces kept the connection alive before the document.
    String body = "   \n  \n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult"
        + NS + "><Location>l</Location><Bucket>b</Bucket><Key>k</Key><ETag>\"e-2\"</ETag>"
        + "<ChecksumCRC64NVME>X9kHH/QCcwM=</ChecksumCRC64NVME><ChecksumType>FULL_OBJECT"
        + "</ChecksumType><Unknown><Nested/></Unknown></CompleteMultipartUploadResult>";
    XmlBodies.CompleteResult r = XmlBodies.readCompleteResult(bytes(body));
    assertThat(r.etag).isEqualTo("\"e-2\"");
    assertThat(r.location).isEqualTo("l");
    assertThat(r.checksum("CRC64NVME")).isEqualTo("X9kHH/QCcwM=");
    assertThat(r.checksum("CRC32")).isNull();
    assertThat(r.checksum("Type")).isNull();
  }

  @Test
  void writesCompleteBodiesThatReadBackAsWritten() throws Exception {
    List<io.unipart.UploadedPart> parts = List.of(
        io.unipart.UploadedPart.of(1, "\"a&b<c>\"", 5).withChecksum(
            io.unipart.Checksum.of("CRC32", "AAAAAA==")),
        io.unipart.UploadedPart.of(2, "\"d\"", 5),
        io.unipart.UploadedPart.of(3, "\"f\"", 5).withChecksum(
            io.unipart.Checksum.of("CRC32C", "BBBBBB==")));
    String xml = new String(XmlBodies.completeRequest(parts, "CRC32"),
        StandardCharsets.UTF_8);
    assertThat(xml).startsWith("<?xml").contains("<CompleteMultipartUpload>")
        .contains("<Part><PartNumber>1</PartNumber><ETag>\"a&amp;b&lt;c>\"</ETag>"
            + "<ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>")
        .contains("<Part><PartNumber>2</PartNumber><ETag>\"d\"</ETag></Part>")
        .contains("<Part><PartNumber>3</PartNumber><ETag>\"f\"</ETag></Part>")
        .doesNotContain("BBBBBB==");
    javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory
        .newDefaultInstance();
    org.w3c.dom.Document doc = f.newDocumentBuilder().parse(
        new java.io.ByteArrayInputStream(bytes(xml)));
    assertThat(doc.getElementsByTagName("ETag").item(0).getTextContent()).isEqualTo("\"a&b<c>\"");
    assertThat(doc.getElementsByTagName("Part").getLength()).isEqualTo(3);
  }

  @Test
  void readsAnErrorDocumentsLeavesAndNothingNested() throws Exception {
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
        + "<Message>Please reduce &amp; retry</Message><RequestId/><Details><Code>x</Code>"
        + "</Details><HostId>h</HostId></Error>";
    assertThat(XmlBodies.readError(bytes(body))).containsExactly(
        java.util.Map.entry("Code", "SlowDown"),
        java.util.Map.entry("Message", "Please reduce & retry"),
        java.util.Map.entry("RequestId", ""),
        java.util.Map.entry("HostId", "h"));
    assertThat(catchThrowableOfType(ResponseFormatException.class, () -> XmlBodies.readError(
        bytes("<Error><Code>SlowDown</Code>")))).isNotNull();
  }
}
