package io.unipart;

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
    ApiListing.check(Path.of("target/classes"), Path.of("api.txt"));
  }
}
