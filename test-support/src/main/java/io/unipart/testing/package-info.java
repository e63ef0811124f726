/** Helpers for unipart's own tests: a fault-injecting TCP proxy, a manual clock, API listings. Not shipped. */
package io.unipart.testing;
