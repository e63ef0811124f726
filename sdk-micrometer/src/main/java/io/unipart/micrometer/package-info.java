/** Micrometer meters for unipart's upload events: {@link io.unipart.micrometer.MicrometerEventListener}. */
package io.unipart.micrometer;
