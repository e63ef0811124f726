/**
 * unipart: one Java API for multipart uploads across storage dialects.
 *
 * <p>Start with {@link io.unipart.MultipartInitiator}, which every dialect client implements, the
 * neutral {@link io.unipart.UploadRequest} and the resulting {@link io.unipart.UploadSession}.
 * Every failure is an {@link io.unipart.UploadException}: {@link
 * io.unipart.InvalidRequestException} before any network call, {@link
 * io.unipart.ServiceException} when the provider says no, {@link io.unipart.TransportException}
 * when the network fails.
 */
package io.unipart;
