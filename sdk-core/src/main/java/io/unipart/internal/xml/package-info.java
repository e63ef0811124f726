/**
 * Not API: the S3 family's shared calls (part, complete, list, abort, list uploads), its XML bodies
 * and error classifier, SSE-C keys and integrity checks, used by the S3 and COS dialects. It may
 * change in any release and is left out of the published Javadoc.
 */
package io.unipart.internal.xml;
