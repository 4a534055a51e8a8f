/**
 * QUIC Initial inspection (RFC 9000, RFC 9001, RFC 9369): {@link io.banwatch.inspect.quic.LongHeader} walks the
 * long-header packets of a datagram, {@link io.banwatch.inspect.quic.InitialKeyDerivation} and
 * {@link io.banwatch.inspect.quic.InitialPacketOpener} remove the Initial packet protection, and
 * {@link io.banwatch.inspect.quic.CryptoFrameReader} places CRYPTO frames into a bounded per-connection
 * {@link io.banwatch.inspect.quic.CryptoStream}; {@link io.banwatch.inspect.quic.QuicInspector} hands the
 * reassembled ClientHello to the TLS package's {@link io.banwatch.inspect.tls.ClientHelloParser} and reports its
 * server name.
 */
package io.banwatch.inspect.quic;
