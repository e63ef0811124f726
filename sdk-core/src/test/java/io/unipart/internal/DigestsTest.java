package io.unipart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Digests against published vectors (FIPS 180 examples, RFC 2202 and RFC 4231). */
class DigestsTest {
  @Test
  void shaDigestsMatchFipsExamples() {
    assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", java.util.HexFormat.of().formatHex(Digests.sha1("abc")));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        java.util.HexFormat.of().formatHex(Digests.sha256("abc")));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        java.util.HexFormat.of().formatHex(Digests.sha256().digest()));
  }

  @Test
  void preparedKeysMatchRfcVectorsAndAgreeWithOneShotHmac() {
    byte[] jefe = "Jefe".getBytes(StandardCharsets.UTF_8);
    String data = "what do ya want for nothing?";
    Digests.MacKey sha1 = new Digests.MacKey("HmacSHA1", jefe);
    Digests.MacKey sha256 = new Digests.MacKey("HmacSHA256", jefe);
    // RFC 2202 test case 2 and RFC 4231 test case 2; twice, so a used prototype would show.
    for (int i = 0; i < 2; i++) {
      assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", java.util.HexFormat.of().formatHex(sha1.mac(data)));
      assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
          java.util.HexFormat.of().formatHex(sha256.mac(data)));
    }
    assertEquals(java.util.HexFormat.of().formatHex(Digests.hmac("HmacSHA256", jefe, "other")),
        java.util.HexFormat.of().formatHex(sha256.mac("other")));
  }

  @Test
  void keysLongerThanABlockAreHashedFirstAsTheRfcsSay() {
    String data = "Test Using Larger Than Block-Size Key - Hash Key First";
    byte[] key80 = new byte[80];
    java.util.Arrays.fill(key80, (byte) 0xaa);
    byte[] key131 = new byte[131];
    java.util.Arrays.fill(key131, (byte) 0xaa);
    // RFC 2202 test case 6 and RFC 4231 test case 6.
    assertEquals("aa4ae5e15272d00e95705637ce8a3b55ed402112",
        java.util.HexFormat.of().formatHex(new Digests.MacKey("HmacSHA1", key80).mac(data)));
    assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        java.util.HexFormat.of().formatHex(new Digests.MacKey("HmacSHA256", key131).mac(data)));
  }

  @Test
  void agreesWithTheJdksMacOnRandomKeysAndMessages() throws Exception {
    java.util.Random random = new java.util.Random(42);
    for (String algorithm : new String[] {"HmacSHA1", "HmacSHA256"}) {
      for (int i = 0; i < 300; i++) {
        byte[] key = new byte[1 + random.nextInt(200)];
        random.nextBytes(key);
        byte[] data = new byte[random.nextInt(300)];
        random.nextBytes(data);
        javax.crypto.Mac jdk = javax.crypto.Mac.getInstance(algorithm);
        jdk.init(new javax.crypto.spec.SecretKeySpec(key, algorithm));
        assertEquals(java.util.HexFormat.of().formatHex(jdk.doFinal(data)),
            java.util.HexFormat.of().formatHex(new Digests.MacKey(algorithm, key).mac(data)), algorithm + " #" + i);
      }
    }
  }

  @Test
  void aPreparedKeyIsSafeToShareAcrossThreads() throws Exception {
    Digests.MacKey key = new Digests.MacKey("HmacSHA256", new byte[] {1, 2, 3});
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            String data = "message-" + i;
            if (!java.util.HexFormat.of().formatHex(key.mac(data)).equals(
                java.util.HexFormat.of().formatHex(Digests.hmac("HmacSHA256", new byte[] {1, 2, 3}, data)))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertEquals(true, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPreparedKeyNeverPrintsItsBytes() {
    Digests.MacKey key =
        new Digests.MacKey("HmacSHA1", "s3cr3t-key".getBytes(StandardCharsets.UTF_8));
    assertFalse(key.toString().contains("s3cr3t"));
    assertEquals("MacKey[HmacSHA1]", key.toString());
  }

  @Test
  void keyBytesAreCopiedSoLaterChangesDoNotLeakIn() {
    byte[] bytes = "Jefe".getBytes(StandardCharsets.UTF_8);
    Digests.MacKey key = new Digests.MacKey("HmacSHA1", bytes);
    bytes[0] = 'X';
    assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
        java.util.HexFormat.of().formatHex(key.mac("what do ya want for nothing?")));
  }
}
