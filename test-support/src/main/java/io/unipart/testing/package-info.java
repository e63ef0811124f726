/**
 * Helpers for unipart's own tests: a fault-injecting TCP proxy, a manual clock, API listings, a
 * private CA for https servers. Not shipped.
 */
package io.unipart.testing;
