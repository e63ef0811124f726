/**
 * The S3-compatible dialect: {@link io.unipart.s3.S3MultipartClient} starts multipart uploads on
 * JDCloud OSS, AWS S3, MinIO and any S3 endpoint, signing with AWS Signature V4. Its typed request
 * is {@link io.unipart.s3.S3InitiateRequest}; credentials come from {@link
 * io.unipart.s3.AwsCredentials} or an {@link io.unipart.s3.AwsCredentialsProvider}.
 */
package io.unipart.s3;
