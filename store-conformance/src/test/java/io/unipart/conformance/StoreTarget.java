package io.unipart.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One cell row of the suite: a store reached over one scheme. Every store is reached over plain
 * http; those that serve TLS (Ceph with its own CA, S3Mock with its self-signed certificate) over
 * https too.
 *
 * @param store the store's name
 * @param scheme {@code http} or {@code https}
 */
record StoreTarget(String store, String scheme) {
  /** Every store over every scheme it serves, for {@code @MethodSource}. */
  static Stream<Arguments> all() {
    List<Arguments> targets = new ArrayList<>();
    for (String name : RealStores.NAMES) {
      targets.add(Arguments.of(new StoreTarget(name, "http")));
      RealStores.Started s = RealStores.all().get(name);
      if (s.store() != null && s.store().httpsEndpoint().isPresent()) {
        targets.add(Arguments.of(new StoreTarget(name, "https")));
      }
    }
    return targets.stream();
  }

  RealStore running() {
    return RealStores.get(store);
  }

  @Override
  public String toString() {
    return store + " " + scheme;
  }
}
