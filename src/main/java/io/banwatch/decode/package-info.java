/**
 * Link-layer, IP and transport decoding of captured frames into a reusable {@link io.banwatch.decode.DecodedPacket},
 * with bounded IP fragment reassembly and named anomaly counters for everything it skips.
 */
package io.banwatch.decode;
