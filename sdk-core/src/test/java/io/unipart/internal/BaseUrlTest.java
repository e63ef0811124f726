package io.unipart.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.InvalidRequestException;
import org.junit.jupiter.api.Test;

class BaseUrlTest {

  static String rule(String text) {
    return catchThrowableOfType(InvalidRequestException.class,
        () -> BaseUrl.parse("endpoint", text)).rule();
  }

  @Test
  void parsesWhatUsersWrite() {
    assertThat(BaseUrl.parse("e", "s3.example.com").toString()).isEqualTo("https://s3.example.com");
    assertThat(BaseUrl.parse("e", " HTTPS://S3.Example.com:443/ ").toString())
        .isEqualTo("https://s3.example.com");
    assertThat(BaseUrl.parse("e", "http://127.0.0.1:80").toString())
        .isEqualTo("http://127.0.0.1");
    assertThat(BaseUrl.parse("e", "http://127.0.0.1:9000").toString())
        .isEqualTo("http://127.0.0.1:9000");
    assertThat(BaseUrl.parse("e", "https://api.example.com/v1/").toString())
        .isEqualTo("https://api.example.com/v1");
    assertThat(BaseUrl.parse("e", "http://[::1]:8080").host()).isEqualTo("::1");
    assertThat(BaseUrl.parse("e", "host:8443").toString()).isEqualTo("https://host:8443");
  }

  @Test
  void refusesWhatIsNotABaseUrl() {
    assertThat(rule(null)).contains("required");
    assertThat(rule(" ")).contains("required");
    assertThat(rule("ftp://x")).contains("https or http");
    assertThat(rule("https://user:pw@x")).contains("user info");
    assertThat(rule("https://x/?a=1")).contains("query");
    assertThat(rule("https://x/#f")).contains("fragment");
    assertThat(rule("https:///path")).contains("host");
    assertThat(rule("https://exa mple.com")).contains("not a valid URL");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> BaseUrl.parse("e", "https://x/p").requireNoPath("e")).rule())
        .contains("scheme://host[:port] only");
  }

  @Test
  void resolvesUnderThePrefixWithAnOptionalHostLabel() {
    BaseUrl base = BaseUrl.parse("e", "https://api.example.com:8443/v1");
    assertThat(base.resolve(null, "/a%20b", "x=1").toString())
        .isEqualTo("https://api.example.com:8443/v1/a%20b?x=1");
    assertThat(base.resolve("bucket", "/k", null).toString())
        .isEqualTo("https://bucket.api.example.com:8443/v1/k");
    assertThat(BaseUrl.parse("e", "http://[::1]:9").resolve(null, "/k", null).toString())
        .isEqualTo("http://[::1]:9/k");
    assertThat(BaseUrl.parse("e", "https://x").scheme()).isEqualTo("https");
  }

  @Test
  void knowsLoopbackAndIpHosts() {
    for (String h : new String[] {"http://localhost", "http://a.localhost", "http://127.0.0.1",
        "http://127.10.20.30", "http://[::1]"}) {
      assertThat(BaseUrl.parse("e", h).isLoopback()).as(h).isTrue();
      assertThat(BaseUrl.parse("e", h).isIpOrLocalhost()).as(h).isTrue();
    }
    for (String h : new String[] {"http://10.0.0.1", "http://192.168.1.1", "http://[fe80::1]"}) {
      assertThat(BaseUrl.parse("e", h).isLoopback()).as(h).isFalse();
      assertThat(BaseUrl.parse("e", h).isIpOrLocalhost()).as(h).isTrue();
    }
    assertThat(BaseUrl.parse("e", "https://s3.example.com").isIpOrLocalhost()).isFalse();
    assertThat(BaseUrl.parse("e", "http://127.example.com").isLoopback()).isFalse();
  }

  @Test
  void plainHttpToAnotherMachineNeedsConsent() {
    BaseUrl.parse("e", "https://x.example.com").requireSecure("e", false);
    BaseUrl.parse("e", "http://localhost:1").requireSecure("e", false);
    BaseUrl.parse("e", "http://x.example.com").requireSecure("e", true);
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> BaseUrl.parse("e", "http://x.example.com").requireSecure("e", false)).rule())
        .contains("plain http to x.example.com").contains("allowPlainHttp(true)");
  }
}
