package io.unipart.testkit;

import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testkit.LocalHttpStub.Request;
import java.util.function.Supplier;

/**
 * What the Cognite and presigned fakes share: a project and bearer token, part URLs from a
 * {@link PartStore} (by default served by the fake itself), and parts that fail as presigned
 * storage URLs fail.
 */
abstract class PartUrlFake extends Fake {
  final String project;
  final String token;
  final PartStore store;
  final MemoryPartStore memory;

  /** Part URLs from {@code store}, or, when null, served by this fake at {@code baseUrl}. */
  PartUrlFake(String project, String token, PartStore store, Supplier<String> baseUrl) {
    this.project = project;
    this.token = token;
    this.memory = new MemoryPartStore(baseUrl, faults, landed);
    this.store = store != null ? store : memory;
  }

  /** The provider's API, every call but a part sent to one of the fake's own URLs. */
  abstract Reply api(Request request);

  @Override
  final Reply handle(Request request) {
    return request.rawPath().startsWith(MemoryPartStore.PREFIX) ? memory.serve(request)
        : api(request);
  }

  @Override
  final int partNumber(Request request) {
    return MemoryPartStore.partNumber(request);
  }

  @Override
  final Reply partFailure(int status) {
    return xmlError(status, "InternalError", "We encountered an internal error. Please try"
        + " again.", "fake");
  }

  @Override
  final int heldParts() {
    return memory.held();
  }
}
