/**
 * The Cognite Data Fusion Files dialect: {@link io.unipart.cognite.CogniteMultipartClient} starts
 * multipart file uploads with an OAuth bearer token from a {@link io.unipart.cognite.TokenSource}
 * (fixed, supplied, or {@link io.unipart.cognite.ClientCredentials}); its typed request is {@link
 * io.unipart.cognite.CogniteInitiateRequest}.
 */
package io.unipart.cognite;
