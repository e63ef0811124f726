/**
 * Not API: the machinery the five in-house dialects share (the request executor and client
 * runtime, part-URL calls, field checks, percent-encoding, base URLs, the rate limiter, JSON codecs,
 * digests, CRC-64, HTTP dates). Public only so that the dialect modules can reach it; it may change
 * in any release and is left out of the published Javadoc.
 */
package io.unipart.internal;
