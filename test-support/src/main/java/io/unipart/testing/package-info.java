/** Local servers for unipart's tests and demo. Not part of any SDK artifact. */
package io.unipart.testing;
