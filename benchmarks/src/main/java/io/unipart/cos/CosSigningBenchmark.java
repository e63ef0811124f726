package io.unipart.cos;

import io.unipart.spi.HttpRequest;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The COS signature for the same initiate request: unipart's signer (which also sets Host, Date
 * and Content-Length) against Tencent's {@code COSSigner.buildAuthorizationStr}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CosSigningBenchmark {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  CosSigner unipart;
  HttpRequest request;
  COSSigner tencent;
  Map<String, String> headers;
  Map<String, String> params;
  BasicCOSCredentials credentials;

  @Setup
  public void setUp() {
    unipart = new CosSigner(CosCredentialsProvider.of(CosCredentials.of("AKIDEXAMPLE", "secret")),
        Duration.ofSeconds(60), Duration.ofMinutes(15));
    request = HttpRequest.builder("POST", URI.create(
            "https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/videos/intro%20final.mp4"
                + "?uploads"))
        .header("Content-Type", "video/mp4")
        .header("x-cos-storage-class", "STANDARD_IA")
        .header("x-cos-meta-owner", "media-team")
        .build();
    tencent = new COSSigner();
    headers = new LinkedHashMap<>();
    headers.put("Host", "examplebucket-1250000000.cos.ap-beijing.myqcloud.com");
    headers.put("Content-Type", "video/mp4");
    headers.put("Content-Length", "0");
    headers.put("x-cos-storage-class", "STANDARD_IA");
    headers.put("x-cos-meta-owner", "media-team");
    params = Map.of("uploads", "");
    credentials = new BasicCOSCredentials("AKIDEXAMPLE", "secret");
  }

  @Benchmark
  public HttpRequest unipart() {
    return unipart.sign(request, NOW);
  }

  @Benchmark
  public String tencentCosSigner() {
    return tencent.buildAuthorizationStr(HttpMethodName.POST, "/videos/intro final.mp4", headers,
        params, credentials, Date.from(NOW.minusSeconds(60)), Date.from(NOW.plusSeconds(900)),
        true);
  }
}
