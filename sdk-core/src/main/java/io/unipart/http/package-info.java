/**
 * The transports an application may pass to any client's builder: {@link
 * io.unipart.http.OkHttpTransport} (the default, and the one to use to share an {@code
 * OkHttpClient}), {@link io.unipart.http.JdkHttpTransport}, or its own {@link
 * io.unipart.http.HttpTransport}.
 */
package io.unipart.http;
