package io.unipart.rum;

/**
 * Guance's public open-API sites (and TrueWatch, its international brand). Private deployments
 * use {@link RumSourcemapClient.Builder#baseUrl(String)} instead.
 *
 * <pre>{@code
 * RumSourcemapClient.builder().site(GuanceSite.CN1)...
 * }</pre>
 */
public enum GuanceSite {
  /** China 1 (Hangzhou). */
  CN1("https://openapi.guance.com"),
  /** China 2 (Ningxia, AWS). */
  CN2("https://aws-openapi.guance.com"),
  /** China 4 (Guangzhou). */
  CN4("https://cn4-openapi.guance.com"),
  /** China 5. */
  CN5("https://cn5-openapi.guance.com"),
  /** China 6 (Hong Kong). */
  CN6("https://cn6-openapi.guance.one"),
  /** Americas 1 (Oregon). */
  US1("https://us1-openapi.guance.com"),
  /** Europe 1 (Frankfurt). */
  EU1("https://eu1-openapi.guance.one"),
  /** Asia-Pacific 1 (Singapore). */
  AP1("https://ap1-openapi.guance.one"),
  /** TrueWatch, the international brand. */
  TRUEWATCH("https://openapi.truewatch.com");

  private final String baseUrl;

  GuanceSite(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * The open-API base URL.
   *
   * @return e.g. {@code https://openapi.guance.com}
   */
  public String baseUrl() {
    return baseUrl;
  }
}
