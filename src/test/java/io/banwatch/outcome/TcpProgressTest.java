package io.banwatch.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Protocol;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The TCP outcome state machine, segment by segment, for every reason it gives (RFC 9293 sequence arithmetic). */
class TcpProgressTest {

    static final int SYN = DecodedPacket.SYN, ACK = DecodedPacket.ACK, FIN = DecodedPacket.FIN;
    static final int RST = DecodedPacket.RST, PSH = DecodedPacket.PSH;
    static final long CLIENT_ISN = 1_000, SERVER_ISN = 4_294_967_000L; // the server's wraps past 2^32
    static final long TRANSFER = 65_536;

    private final TcpProgress tcp = new TcpProgress();

    private void handshake() {
        tcp.onClientSegment(SYN, CLIENT_ISN, 0, 0);
        tcp.onServerSegment(SYN | ACK, SERVER_ISN, 0);
    }

    private long server(long offset) {
        return (SERVER_ISN + 1 + offset) % (1L << 32);
    }

    private long client(long offset) {
        return CLIENT_ISN + 1 + offset;
    }

    private ContactOutcome verdict(Protocol protocol) {
        return tcp.verdict(protocol, TRANSFER, false);
    }

    @Nested
    class Blocked {
        @Test
        void resetInReplyToTheSyn() {
            tcp.onClientSegment(SYN, CLIENT_ISN, 0, 0);
            tcp.onServerSegment(RST | ACK, 0, 0);
            assertThat(tcp.ended()).isTrue();
            assertThat(verdict(Protocol.TLS).outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(verdict(Protocol.TLS).reason()).isEqualTo(OutcomeReason.TCP_RESET);
        }

        @Test
        void resetAfterTheClientHelloBeforeAnyServerByte() {
            handshake();
            tcp.onClientSegment(ACK | PSH, client(0), server(0), 517);
            tcp.onServerSegment(RST, server(0), 0); // an SNI filter's reset
            assertThat(verdict(Protocol.TLS))
                    .isEqualTo(new ContactOutcome(Outcome.BLOCKED, OutcomeReason.TCP_RESET, 0, 517));
        }

        @Test
        void icmpUnreachableBeforeAnyAnswer() {
            tcp.onClientSegment(SYN, CLIENT_ISN, 0, 0);
            tcp.icmpUnreachable = true;
            assertThat(tcp.ended()).isTrue();
            assertThat(verdict(Protocol.HTTP).reason()).isEqualTo(OutcomeReason.ICMP_UNREACHABLE);
        }

        @Test
        void synsIntoSilence() {
            tcp.onClientSegment(SYN, CLIENT_ISN, 0, 0);
            tcp.onClientSegment(SYN, CLIENT_ISN, 0, 0);
            assertThat(tcp.clientSyns).isEqualTo(2);
            assertThat(tcp.verdict(Protocol.TLS, TRANSFER, true).reason()).isEqualTo(OutcomeReason.NO_REPLY);
            assertThat(verdict(Protocol.TLS).outcome()).isEqualTo(Outcome.UNKNOWN);
        }
    }

    @Nested
    class Connected {
        @Test
        void tlsHandshakeCompletesWhenTheClientSpeaksAgainAfterTheServer() {
            handshake();
            tcp.onClientSegment(ACK | PSH, client(0), server(0), 517); // ClientHello
            assertThat(verdict(Protocol.TLS).reason()).isEqualTo(OutcomeReason.TCP_HANDSHAKE);
            tcp.onClientSegment(ACK | PSH, client(517), server(834), 80); // Finished, after the server's flight
            tcp.onServerSegment(FIN | ACK, server(1_200), 0);
            tcp.onClientSegment(FIN | ACK, client(597), server(1_201), 0);
            assertThat(tcp.ended()).isTrue();
            assertThat(verdict(Protocol.TLS))
                    .isEqualTo(new ContactOutcome(Outcome.CONNECTED, OutcomeReason.TLS_HANDSHAKE, 1_200, 597));
        }

        @Test
        void httpStatusOnceTheServerSentAnything() {
            handshake();
            tcp.onClientSegment(ACK | PSH, client(0), server(0), 108);
            tcp.onClientSegment(ACK, client(108), server(520), 0);
            assertThat(verdict(Protocol.HTTP))
                    .isEqualTo(new ContactOutcome(Outcome.CONNECTED, OutcomeReason.HTTP_STATUS, 520, 108));
        }

        @Test
        void tcpHandshakeAloneForOtherProtocols() {
            handshake();
            assertThat(verdict(Protocol.KSC).reason()).isEqualTo(OutcomeReason.TCP_HANDSHAKE);
        }

        @Test
        void aResetAfterTheServerSentBytesIsNotABlock() {
            handshake();
            tcp.onClientSegment(ACK | PSH, client(0), server(0), 108);
            tcp.onClientSegment(RST | ACK, client(108), server(300), 0);
            assertThat(tcp.ended()).isTrue();
            assertThat(verdict(Protocol.HTTP).outcome()).isEqualTo(Outcome.CONNECTED);
        }
    }

    @Nested
    class Transferred {
        @Test
        void serverBytesAreReadFromTheClientsAcknowledgementsAcrossTheWrap() {
            handshake();
            tcp.onClientSegment(ACK | PSH, client(0), server(0), 110);
            tcp.onClientSegment(ACK, client(110), server(70_000), 0);
            tcp.onServerSegment(FIN | ACK, server(307_404), 0);
            tcp.onClientSegment(FIN | ACK, client(110), server(307_405), 0);
            assertThat(verdict(Protocol.HTTP))
                    .isEqualTo(new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 307_404, 110));
        }

        @Test
        void withoutTheSynTheFirstAcknowledgementIsTheOrigin() {
            tcp.origins(-1, -1);
            tcp.onClientSegment(ACK | PSH, 77_000, 5_000, 300);
            tcp.onClientSegment(ACK, 77_300, 5_000 + 100_000, 0);
            assertThat(tcp.serverBytes()).isEqualTo(100_000);
            assertThat(tcp.clientBytes()).isEqualTo(300);
            assertThat(verdict(Protocol.TLS).outcome()).isEqualTo(Outcome.TRANSFERRED);
        }

        @Test
        void anAcknowledgementBehindTheOriginIsIgnored() {
            handshake();
            tcp.onClientSegment(ACK, client(0), server(-10), 0);
            assertThat(tcp.serverBytes()).isZero();
        }
    }
}
