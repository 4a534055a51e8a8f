/**
 * TLS ClientHello inspection: {@link io.banwatch.inspect.tls.ClientHelloParser} reads one handshake-layer
 * ClientHello (shared with QUIC, whose CRYPTO frames carry the same bytes) and
 * {@link io.banwatch.inspect.tls.TlsStreamParser} walks the records of a TCP direction, reassembles fragmented
 * handshake messages and reports the server name of each ClientHello as an observation.
 */
package io.banwatch.inspect.tls;
