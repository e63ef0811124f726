package io.unipart.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.MultipartClient;
import io.unipart.PartTarget;
import io.unipart.RetryPolicy;
import io.unipart.ServiceException;
import io.unipart.Timeouts;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosCredentials;
import io.unipart.cos.CosMultipartClient;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.LocalHttpStub;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response type of every dialect, mutated: seeded mutants of a valid answer (and of an
 * error answer) are served by a local server and read by the real client, through its whole
 * path (executor, classifier, parser). Each call must end in a value or a typed {@link
 * ServiceException}, within a bound; nothing else (no NullPointerException, no
 * IllegalArgumentException, no hang), and bodies past the 1 MiB cap end typed too.
 *
 * <p>10,000 mutants per response type (about a minute for all twenty types);
 * {@code -Dunipart.fuzz.mutants=N} sets another count. The seed is printed, and {@code
 * -Dunipart.fuzz.seed=S} replays a run.
 */
class ResponseFuzzTest {
  static final int MUTANTS = Integer.getInteger("unipart.fuzz.mutants", 10_000);
  static final long SEED = Long.getLong("unipart.fuzz.seed", System.nanoTime());

  static final AtomicReference<LocalHttpStub.Reply> REPLY = new AtomicReference<>();
  static LocalHttpStub stub;
  static ExecutorService watchdog;

  @BeforeAll
  static void start() throws Exception {
    stub = LocalHttpStub.start(request -> REPLY.get());
    watchdog = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-call");
      t.setDaemon(true);
      return t;
    });
    System.out.println("ResponseFuzzTest seed " + SEED + ", " + MUTANTS + " mutants per type");
  }

  @AfterAll
  static void stop() {
    stub.close();
    watchdog.shutdownNow();
  }

  /** One response type: the call that reads it, a valid answer, and its status. */
  record Case(String name, Function<String, MultipartClient> client,
      Function<MultipartClient, Object> call, int status, String contentType, String seed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Instant T = Instant.EPOCH;
  static final String XML = "application/xml";
  static final String JSON = "application/json";

  static <B extends io.unipart.ClientBuilder<B>> B quick(B b) {
    return b.retryPolicy(RetryPolicy.none()).allowPlainHttp(true)
        .timeouts(Timeouts.builder().connect(Duration.ofSeconds(2)).read(Duration.ofSeconds(2))
            .attempt(Duration.ofSeconds(3)).build());
  }

  static MultipartClient s3(String base) {
    // The stub stands for a store that checks what S3 documents: no probe of its checks.
    return quick(S3MultipartClient.builder().probeStoreChecks(false).endpoint(base)
        .region("us-east-1").bucket("media")
        .credentials(AwsCredentials.of("AKIDFUZZ", "secret"))).build();
  }

  static MultipartClient cos(String base) {
    return quick(CosMultipartClient.builder().region("ap-beijing").bucket("media-1250000000")
        .endpoint(base).credentials(CosCredentials.of("AKIDFUZZ", "secret"))).build();
  }

  static MultipartClient cognite(String base) {
    return quick(CogniteMultipartClient.builder().baseUrl(base).project("p").token("t")).build();
  }

  static MultipartClient rum(String base) {
    return quick(RumSourcemapClient.builder().baseUrl(base).apiKey("k").appId("app")
        .noRateLimit()).build();
  }

  static MultipartClient presigned(String base) {
    return quick(PresignedMultipartClient.builder().baseUrl(base).projectId("proj")
        .bearerToken("t")).build();
  }

  static UploadSession session(String dialect, String destination, int parts, String... handles) {
    UploadSession.Builder b = UploadSession.builder().dialect(dialect).uploadId("up-1")
        .destination(destination).key("k.bin").initiatedAt(T);
    for (int i = 1; i <= parts; i++) {
      b.addPart(PartTarget.of(i, URI.create("https://u.example.com/" + i)));
    }
    for (int i = 0; i < handles.length; i += 2) {
      b.handle(handles[i], handles[i + 1]);
    }
    return b.build();
  }

  static final String S3_ERROR = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
      + "AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId>"
      + "<HostId>H1</HostId></Error>";

  static Stream<Arguments> cases() {
    UploadRequest plain = UploadRequest.builder().key("k.bin").build();
    UploadRequest twoParts = UploadRequest.builder().key("k.bin").partCount(2).build();
    List<UploadedPart> s3Parts = List.of(UploadedPart.of(1, "\"e1\"", 5 << 20),
        UploadedPart.of(2, "\"e2\"", 10));
    UploadSession s3 = session("s3", "media", 0);
    UploadSession cos = session("cos", "media-1250000000", 0);
    UploadSession cognite = session("cognite", "p", 2, "fileId", "42");
    UploadSession rum = session("rum", "app", 0, "version", "1", "env", "");
    UploadSession presigned = session("presigned", "proj", 2, "requestKey", "rk");
    List<Case> all = new ArrayList<>();
    all.add(new Case("s3 initiate", ResponseFuzzTest::s3, c -> c.initiate(plain), 200, XML,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><InitiateMultipartUploadResult xmlns="
            + "\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>media</Bucket><Key>k.bin"
            + "</Key><UploadId>VXBsb2FkIElE</UploadId></InitiateMultipartUploadResult>"));
    all.add(new Case("s3 complete", ResponseFuzzTest::s3, c -> c.complete(s3, s3Parts), 200, XML,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult><Location>"
            + "http://h/media/k.bin</Location><Bucket>media</Bucket><Key>k.bin</Key><ETag>"
            + "\"3858f62230ac3c915f300c664312c11f-2\"</ETag></CompleteMultipartUploadResult>"));
    all.add(new Case("s3 listParts", ResponseFuzzTest::s3, c -> c.listParts(s3), 200, XML,
        "<ListPartsResult><Bucket>media</Bucket><Key>k.bin</Key><UploadId>up-1</UploadId>"
            + "<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2"
            + "</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>"
            + "<Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag><Size>5242880</Size></Part>"
            + "<Part><PartNumber>2</PartNumber><ETag>\"e2\"</ETag><Size>10</Size></Part>"
            + "</ListPartsResult>"));
    all.add(new Case("s3 listUploads", ResponseFuzzTest::s3, c -> c.listUploads(""), 200, XML,
        "<ListMultipartUploadsResult><Bucket>media</Bucket><KeyMarker></KeyMarker>"
            + "<UploadIdMarker></UploadIdMarker><MaxUploads>1000</MaxUploads><IsTruncated>false"
            + "</IsTruncated><Upload><Key>k.bin</Key><UploadId>up-1</UploadId><Initiated>"
            + "2026-11-30T10:00:00.000Z</Initiated></Upload></ListMultipartUploadsResult>"));
    all.add(new Case("s3 error", ResponseFuzzTest::s3, c -> c.initiate(plain), 403, XML,
        S3_ERROR));
    all.add(new Case("cos initiate", ResponseFuzzTest::cos, c -> c.initiate(plain), 200, XML,
        "<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket><Key>k.bin</Key>"
            + "<UploadId>1585130821cbb7df1d118</UploadId></InitiateMultipartUploadResult>"));
    all.add(new Case("cos complete", ResponseFuzzTest::cos, c -> c.complete(cos, s3Parts), 200,
        XML, "<CompleteMultipartUploadResult><Location>media-1250000000.cos.ap-beijing."
            + "myqcloud.com/k.bin</Location><Bucket>media-1250000000</Bucket><Key>k.bin</Key>"
            + "<ETag>\"aa-2\"</ETag></CompleteMultipartUploadResult>"));
    all.add(new Case("cos listParts", ResponseFuzzTest::cos, c -> c.listParts(cos), 200, XML,
        "<ListPartsResult><Bucket>media-1250000000</Bucket><Key>k.bin</Key><UploadId>up-1"
            + "</UploadId><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber>"
            + "<LastModified>Wed, 30 Nov 2026 10:00:00 GMT</LastModified><ETag>\"e1\"</ETag>"
            + "<Size>1048576</Size></Part></ListPartsResult>"));
    all.add(new Case("cos error", ResponseFuzzTest::cos, c -> c.initiate(plain), 403, XML,
        "<?xml version='1.0' encoding='utf-8' ?><Error><Code>SignatureDoesNotMatch</Code>"
            + "<Message>no</Message><Resource>/k.bin</Resource><RequestId>R</RequestId>"
            + "<TraceId>T</TraceId></Error>"));
    all.add(new Case("cognite initiate", ResponseFuzzTest::cognite, c -> c.initiate(twoParts),
        201, JSON, "{\"items\":[{\"id\":4503599627370496,\"name\":\"k.bin\",\"uploadId\":"
            + "\"cdf-up\",\"createdTime\":1,\"lastUpdatedTime\":1,\"uploaded\":false,"
            + "\"uploadUrls\":[\"https://u.example.com/1?sig=a\","
            + "\"https://u.example.com/2?sig=b\"]}]}"));
    all.add(new Case("cognite renewPartUrls", ResponseFuzzTest::cognite,
        c -> c.renewPartUrls(cognite), 200, JSON, "{\"items\":[{\"id\":42,\"uploadId\":"
            + "\"cdf-up-2\",\"uploadUrls\":[\"https://u.example.com/1?sig=c\","
            + "\"https://u.example.com/2?sig=d\"]}]}"));
    all.add(new Case("cognite error", ResponseFuzzTest::cognite, c -> c.initiate(twoParts), 400,
        JSON, "{\"error\":{\"code\":400,\"message\":\"Invalid\",\"missing\":[{\"id\":1}],"
            + "\"duplicated\":[{\"externalId\":\"x\"}]}}"));
    all.add(new Case("rum initiate", ResponseFuzzTest::rum,
        c -> c.initiate(UploadRequest.builder().key("1").build()), 200, JSON,
        "{\"code\":200,\"content\":{\"existsOldTask\":false,\"existsSameFile\":false,"
            + "\"uploadId\":\"65ef45944fac157005cb73de48e81f161Lfv5UOs\"},\"errorCode\":\"\","
            + "\"message\":\"\",\"success\":true,\"traceId\":\"TRACE-OK\"}"));
    all.add(new Case("rum complete", ResponseFuzzTest::rum,
        c -> c.complete(rum, List.of(UploadedPart.of(0, null, 10))), 200, JSON,
        "{\"code\":200,\"content\":{},\"errorCode\":\"\",\"message\":\"\",\"success\":true,"
            + "\"traceId\":\"TRACE-M\"}"));
    all.add(new Case("rum listParts", ResponseFuzzTest::rum, c -> c.listParts(rum), 200, JSON,
        "{\"code\":200,\"content\":{\"chunkIndexs\":[0,\"1\",2],\"declaration\":{},"
            + "\"uploadId\":\"up-1\"},\"errorCode\":\"\",\"message\":\"\",\"success\":true,"
            + "\"traceId\":\"TRACE-L\"}"));
    all.add(new Case("rum error", ResponseFuzzTest::rum,
        c -> c.initiate(UploadRequest.builder().key("1").build()), 401, JSON,
        "{\"code\":401,\"content\":null,\"errorCode\":\"ft.InvalidAPIKey\",\"message\":"
            + "\"bad key\",\"success\":false,\"traceId\":\"TRACE-E\"}"));
    all.add(new Case("presigned initiate", ResponseFuzzTest::presigned,
        c -> c.initiate(twoParts), 200, JSON,
        "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\"vp-up\","
            + "\"requestKey\":\"vp-rk\",\"uploadFileDetailsId\":7,\"presignedUrl\":["
            + "{\"partNumber\":1,\"presignedUrl\":\"https://s3.example.com/p1?sig=a\"},"
            + "{\"partNumber\":2,\"presignedUrl\":\"https://s3.example.com/p2?sig=b\"}]},"
            + "\"resultInfo\":null,\"statusCode\":200}"));
    all.add(new Case("presigned complete", ResponseFuzzTest::presigned,
        c -> c.complete(presigned, List.of(UploadedPart.of(1, "\"e1\"", 5 << 20),
            UploadedPart.of(2, "\"e2\"", 5))), 200, JSON,
        "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":true,\"resultInfo\":null,"
            + "\"statusCode\":200}"));
    all.add(new Case("presigned renewPartUrls", ResponseFuzzTest::presigned,
        c -> c.renewPartUrls(presigned), 200, JSON,
        "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\"vp-up\","
            + "\"requestKey\":\"rk\",\"presignedUrl\":[{\"partNumber\":2,\"presignedUrl\":"
            + "\"https://s3.example.com/p2?sig=c\"}]},\"resultInfo\":null,\"statusCode\":200}"));
    all.add(new Case("presigned error", ResponseFuzzTest::presigned, c -> c.initiate(twoParts),
        400, JSON, "{\"success\":false,\"errors\":[\"fileName is required\"],\"messages\":[],"
            + "\"result\":null,\"resultInfo\":null,\"statusCode\":400}"));
    return all.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutantsEndInAValueOrATypedErrorNeverAnythingElse(Case c) throws Exception {
    Random random = new Random(SEED ^ c.name().hashCode());
    int values = 0;
    int typed = 0;
    try (MultipartClient client = c.client().apply(stub.baseUrl())) {
      REPLY.set(LocalHttpStub.Reply.of(c.status(), c.contentType(), c.seed()));
      Object first = outcome(c, client);
      if (c.status() < 300) {
        assertThat(first).as("%s: the seed itself must read", c).isNotInstanceOf(Throwable.class);
      } else {
        assertThat(first).as("%s: the error seed must be typed", c)
            .isInstanceOf(ServiceException.class);
      }
      for (int i = 0; i < MUTANTS; i++) {
        String mutant = Mutants.mutate(c.seed(), random);
        REPLY.set(LocalHttpStub.Reply.of(c.status(), c.contentType(), mutant));
        Object result = outcome(c, client);
        if (result instanceof ServiceException) {
          typed++;
        } else if (result instanceof Throwable t) {
          throw new AssertionError(c + " mutant " + i + " (seed " + SEED + ") ended in " + t
              + "; body:\n" + abbreviate(mutant), t);
        } else {
          values++;
        }
      }
    }
    System.out.printf("%s: %d mutants, %d values, %d typed errors%n", c, MUTANTS, values, typed);
    assertThat(values + typed).isEqualTo(MUTANTS);
  }

  /** The call's value, or what it threw; a call that does not end in 10 s fails the test. */
  static Object outcome(Case c, MultipartClient client) throws Exception {
    Future<Object> f = watchdog.submit(() -> {
      try {
        Object v = c.call().apply(client);
        return v == null ? "no value" : v;
      } catch (Throwable t) {
        return t;
      }
    });
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError(c + ": a call did not end within 10 s (seed " + SEED + ")");
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 600 ? s : s.substring(0, 600) + "... (" + s.length() + " chars)";
  }
}
