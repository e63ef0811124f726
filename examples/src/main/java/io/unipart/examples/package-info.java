/** The unipart demo and command-line tool; not part of any SDK artifact. */
package io.unipart.examples;
