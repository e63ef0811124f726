/**
 * The Tencent Cloud COS dialect: {@link io.unipart.cos.CosMultipartClient} starts multipart
 * uploads with COS's own {@code q-sign-algorithm=sha1} signature. Its typed request is {@link
 * io.unipart.cos.CosInitiateRequest}; credentials come from {@link io.unipart.cos.CosCredentials}
 * or a {@link io.unipart.cos.CosCredentialsProvider}.
 */
package io.unipart.cos;
