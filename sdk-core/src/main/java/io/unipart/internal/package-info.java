/** Implementation details shared across unipart modules. Not API: may change without notice. */
package io.unipart.internal;
