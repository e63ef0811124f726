package io.unipart.hardening;

import io.unipart.ClientBuilder;
import io.unipart.MultipartInitiator;
import io.unipart.UploadRequest;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosCredentials;
import io.unipart.cos.CosMultipartClient;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import java.util.List;
import java.util.function.Consumer;

/** The five dialects, as the shared suites see them. */
final class Dialects {
  private Dialects() {}

  static List<Dialect> all() {
    return List.of(new S3(), new Cos(), new Cognite(), new Rum(), new Presigned());
  }

  static final class S3 implements Dialect {
    @Override
    public String name() {
      return "s3";
    }

    @Override
    public MultipartInitiator client(String baseUrl, Consumer<ClientBuilder<?>> settings) {
      // The stub stands for a store that checks what S3 documents: no probe of its checks.
      S3MultipartClient.Builder b = S3MultipartClient.builder().probeStoreChecks(false)
          .endpoint(baseUrl)
          .region("us-east-1").bucket("media")
          .credentials(AwsCredentials.of("AKIDFAULTS", S3_SECRET, S3_TOKEN));
      settings.accept(b);
      return b.build();
    }

    @Override
    public UploadRequest request() {
      return UploadRequest.builder().key("fault/k.bin").metadata("owner", "suite").build();
    }

    @Override
    public String successBody() {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><InitiateMultipartUploadResult xmlns="
          + "\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>media</Bucket>"
          + "<Key>fault/k.bin</Key><UploadId>s3-upload-id</UploadId>"
          + "</InitiateMultipartUploadResult>";
    }

    @Override
    public String toString() {
      return name();
    }
  }

  static final class Cos implements Dialect {
    @Override
    public String name() {
      return "cos";
    }

    @Override
    public MultipartInitiator client(String baseUrl, Consumer<ClientBuilder<?>> settings) {
      CosMultipartClient.Builder b = CosMultipartClient.builder().region("ap-beijing")
          .bucket("media-1250000000").endpoint(baseUrl)
          .credentials(CosCredentials.of("AKIDFAULTS", COS_SECRET, COS_TOKEN));
      settings.accept(b);
      return b.build();
    }

    @Override
    public UploadRequest request() {
      return UploadRequest.builder().key("fault/k.bin").metadata("owner", "suite").build();
    }

    @Override
    public String successBody() {
      return "<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket>"
          + "<Key>fault/k.bin</Key><UploadId>1585130821cbb7df1d118</UploadId>"
          + "</InitiateMultipartUploadResult>";
    }

    @Override
    public String toString() {
      return name();
    }
  }

  static final class Cognite implements Dialect {
    @Override
    public String name() {
      return "cognite";
    }

    @Override
    public MultipartInitiator client(String baseUrl, Consumer<ClientBuilder<?>> settings) {
      CogniteMultipartClient.Builder b = CogniteMultipartClient.builder().baseUrl(baseUrl)
          .project("publicdata").token(COGNITE_TOKEN);
      settings.accept(b);
      return b.build();
    }

    @Override
    public UploadRequest request() {
      return UploadRequest.builder().key("fault.bin").partCount(2).build();
    }

    @Override
    public io.unipart.RetryPolicy defaultRetryPolicy() {
      return CogniteMultipartClient.DEFAULT_RETRY_POLICY;
    }

    @Override
    public int successStatus() {
      return 201;
    }

    @Override
    public int attemptsFor(int status) {
      return status == 500 ? 1 : Dialect.super.attemptsFor(status);
    }

    @Override
    public String successBody() {
      return "{\"items\":[{\"id\":4503599627370496,\"name\":\"fault.bin\",\"uploadId\":\"cdf-up\","
          + "\"uploadUrls\":[\"https://u.example.com/1?sig=a\",\"https://u.example.com/2?sig=b\"]}]}";
    }

    @Override
    public String toString() {
      return name();
    }
  }

  static final class Rum implements Dialect {
    @Override
    public String name() {
      return "rum";
    }

    @Override
    public MultipartInitiator client(String baseUrl, Consumer<ClientBuilder<?>> settings) {
      RumSourcemapClient.Builder b = RumSourcemapClient.builder().baseUrl(baseUrl)
          .apiKey(RUM_KEY).appId("app_demo").noRateLimit();
      settings.accept(b);
      return b.build();
    }

    @Override
    public UploadRequest request() {
      return UploadRequest.builder().key("1.0.2").build();
    }

    @Override
    public io.unipart.RetryPolicy defaultRetryPolicy() {
      return RumSourcemapClient.DEFAULT_RETRY_POLICY;
    }

    @Override
    public String successBody() {
      return "{\"code\":200,\"content\":{\"existsOldTask\":false,\"existsSameFile\":false,"
          + "\"uploadId\":\"65ef45944fac157005cb73de48e81f161Lfv5UOs\"},\"errorCode\":\"\","
          + "\"message\":\"\",\"success\":true,\"traceId\":\"TRACE-OK\"}";
    }

    @Override
    public String toString() {
      return name();
    }
  }

  static final class Presigned implements Dialect {
    @Override
    public String name() {
      return "presigned";
    }

    @Override
    public MultipartInitiator client(String baseUrl, Consumer<ClientBuilder<?>> settings) {
      PresignedMultipartClient.Builder b = PresignedMultipartClient.builder().baseUrl(baseUrl)
          .projectId("agmipmdzkrte").bearerToken(PRESIGNED_TOKEN);
      settings.accept(b);
      return b.build();
    }

    @Override
    public UploadRequest request() {
      return UploadRequest.builder().key("fault.mp4").partCount(2).build();
    }

    @Override
    public io.unipart.RetryPolicy defaultRetryPolicy() {
      return PresignedMultipartClient.DEFAULT_RETRY_POLICY;
    }

    @Override
    public String successBody() {
      return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\"vp-up\","
          + "\"requestKey\":\"vp-rk\",\"presignedUrl\":[{\"partNumber\":1,\"presignedUrl\":"
          + "\"https://s3.example.com/p1?sig=a\"},{\"partNumber\":2,\"presignedUrl\":"
          + "\"https://s3.example.com/p2?sig=b\"}]},\"resultInfo\":null,\"statusCode\":200}";
    }

    @Override
    public String toString() {
      return name();
    }
  }
}
