package io.banwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which server packets show a QUIC handshake: long-header Initial and Handshake packets, v1 and v2. */
class QuicProgressTest {

    @Test
    void initialAndHandshakeTypesOfVersion1And2() {
        // RFC 9000 section 17.2 (v1): Initial 0, 0-RTT 1, Handshake 2, Retry 3.
        assertThat(QuicProgress.isInitialOrHandshake(1, 0)).isTrue();
        assertThat(QuicProgress.isInitialOrHandshake(1, 2)).isTrue();
        assertThat(QuicProgress.isInitialOrHandshake(1, 3)).isFalse();
        // RFC 9369 section 3.2 (v2): Retry 0, Initial 1, 0-RTT 2, Handshake 3.
        assertThat(QuicProgress.isInitialOrHandshake(0x6b3343cf, 1)).isTrue();
        assertThat(QuicProgress.isInitialOrHandshake(0x6b3343cf, 3)).isTrue();
        assertThat(QuicProgress.isInitialOrHandshake(0x6b3343cf, 0)).isFalse();
        // RFC 9000 section 17.2.1: version 0 is Version Negotiation.
        assertThat(QuicProgress.isInitialOrHandshake(0, 0)).isFalse();
    }

    @Test
    void versionNegotiationAndShortHeadersAloneAreNoHandshake() {
        QuicProgress quic = new QuicProgress(true);
        byte[] versionNegotiation = {(byte) 0x80, 0, 0, 0, 0, 0, 0};
        quic.onServerDatagram(versionNegotiation, 0, versionNegotiation.length);
        quic.onServerDatagram(new byte[] {0x40, 1, 2}, 0, 3);
        assertThat(quic.answered()).isFalse();
        assertThat(quic.serverBytes).isEqualTo(10);
    }
}
