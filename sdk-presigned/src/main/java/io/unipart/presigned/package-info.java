/**
 * The project presigned-URL dialect (the GjirafaTech VP upload API): {@link
 * io.unipart.presigned.PresignedMultipartClient} starts uploads whose parts go to presigned URLs;
 * its typed request is {@link io.unipart.presigned.PresignedInitiateRequest}.
 */
package io.unipart.presigned;
