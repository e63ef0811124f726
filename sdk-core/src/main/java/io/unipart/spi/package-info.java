/**
 * For authors of a third-party dialect: only what such a dialect implements ({@link
 * io.unipart.spi.Signer}, {@link io.unipart.spi.ErrorClassifier}, {@link
 * io.unipart.spi.ResponseParser}) or receives ({@link io.unipart.spi.HttpRequest}, {@link
 * io.unipart.spi.HttpResponse}, {@link io.unipart.spi.ServiceError}, and the two response
 * failures). Applications do not need this package; the transports they may pass are in {@link
 * io.unipart.http}.
 */
package io.unipart.spi;
