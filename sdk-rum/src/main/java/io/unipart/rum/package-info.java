/**
 * The Guance RUM sourcemap dialect: {@link io.unipart.rum.RumSourcemapClient} starts multipart
 * sourcemap uploads with a {@code DF-API-KEY}; its typed request is {@link
 * io.unipart.rum.RumInitiateRequest}; {@link io.unipart.rum.GuanceSite} lists the public sites.
 */
package io.unipart.rum;
