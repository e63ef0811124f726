/**
 * Conscrypt (Google's BoringSSL for Java) as a unipart client's TLS engine: {@link
 * io.unipart.conscrypt.ConscryptTls#provider()}, given to one client's {@code
 * tlsProvider(..)}.
 */
package io.unipart.conscrypt;
