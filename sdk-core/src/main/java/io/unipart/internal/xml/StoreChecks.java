package io.unipart.internal.xml;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Where a protocol's evidence comes from that the store checks what a part's payload declares
 * (its {@code Content-MD5}, signed SHA-256, chunk signatures, checksum trailer). A 200 proves only
 * that a store did not object: a payload counts as checked only where the store was shown to refuse
 * a wrong value. Immutable.
 */
public final class StoreChecks {
  private final boolean probe;
  private final Set<PartPayload> verified;

  private StoreChecks(boolean probe, Set<PartPayload> verified) {
    this.probe = probe;
    this.verified = verified;
  }

  /**
   * The provider documents that it checks every payload it takes (AWS S3, Tencent COS):
   * taken as evidence, nothing is probed.
   *
   * @return the evidence
   */
  public static StoreChecks documented() {
    return new StoreChecks(false, EnumSet.allOf(PartPayload.class));
  }

  /**
   * The provider documents that it checks these payloads and names no other (JDCloud): taken as
   * evidence, nothing is probed.
   *
   * @param verified the payloads its documentation says it checks
   * @return the evidence
   */
  public static StoreChecks documented(Set<PartPayload> verified) {
    return found(verified);
  }

  /**
   * The store conformance suite found these payloads checked (a wrong value refused) and no
   * other; nothing is probed.
   *
   * @param verified the payloads the store checks
   * @return the evidence
   */
  public static StoreChecks found(Set<PartPayload> verified) {
    return new StoreChecks(false, verified.isEmpty() ? EnumSet.noneOf(PartPayload.class)
        : EnumSet.copyOf(verified));
  }

  /**
   * An unknown store: each payload is learnt once per client by a probe (see {@link
   * PartProofs}) before the first part that would use it.
   *
   * @return the evidence
   */
  public static StoreChecks probed() {
    return new StoreChecks(true, EnumSet.noneOf(PartPayload.class));
  }

  /**
   * Whether the evidence is to be learnt by a probe.
   *
   * @return true for {@link #probed()}
   */
  public boolean probe() {
    return probe;
  }

  boolean verifies(PartPayload payload) {
    return verified.contains(Objects.requireNonNull(payload, "payload"));
  }

  @Override
  public String toString() {
    return probe ? "StoreChecks{probed}" : "StoreChecks{" + verified + "}";
  }
}
