package io.unipart.conscrypt;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.testing.ApiListing;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * This module's public API against its committed listing, `api.txt`: a change to the public
 * surface shows up as a diff in review (run with -Dunipart.api.update=true to accept one).
 */
class PublicApiTest {
  @Test
  void theCommittedApiListingIsCurrent() throws IOException {
    Path classes = Path.of("target/classes");
    // An empty listing would mean the test looked in the wrong place, not that nothing is public.
    assertThat(ApiListing.of(classes)).isNotEmpty();
    assertThat(ApiListing.difference(classes, Path.of("api.txt"))).isEmpty();
  }

  @Test
  void everyPublicTypeHasAClassComment() throws IOException {
    // Javadoc's missing-comment check is relaxed for members whose names say it all; a public
    // type without a class comment still fails the build, here.
    assertThat(ApiListing.typesWithoutClassComment(Path.of("src/main/java"))).isEmpty();
  }
}
