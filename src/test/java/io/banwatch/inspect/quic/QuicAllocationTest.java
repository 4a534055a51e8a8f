package io.banwatch.inspect.quic;

import static io.banwatch.inspect.quic.Datagrams.T0;
import static io.banwatch.inspect.quic.Datagrams.fromClient;
import static io.banwatch.inspect.quic.Datagrams.fromServer;
import static io.banwatch.inspect.quic.QuicBytes.crypto;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.inspect.Observation;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The datagrams the inspector sees most (not QUIC, retransmissions, server Initials) allocate nothing. */
class QuicAllocationTest {

    @Test
    void pathsThatNeedNoDecryptionAllocateNothing() {
        List<Observation> observations = new ArrayList<>();
        QuicInspector inspector = new QuicInspector(new AnomalyCounters(), observations::add, null);
        ClientFlight flight = ClientFlight.v1(1);
        byte[] initial = flight.initial(crypto(0, Rfc9001.CLIENT_HELLO));
        inspector.inspectDatagram(fromClient(initial, T0));
        byte[] serverInitial = new InitialPacketBuilder()
                .dcid(flight.scid())
                .scid(ClientFlight.cid(2, 8))
                .buildPadded(QuicBytes.ack(false, 0), 1200);
        DecodedPacket[] packets = {
            fromClient(initial, T0 + 1), // a retransmission of a connection already reported
            fromServer(serverInitial, T0 + 1),
            fromClient(QuicBytes.hex("17 0303 0010"), T0 + 1), // not QUIC
            fromClient(QuicBytes.hex("45 0102030405060708"), T0 + 1), // a short-header QUIC packet
            fromClient(QuicBytes.hex("c0 1a2a3a4a 00 00"), T0 + 1), // a greased version
        };
        for (int round = 0; round < 5_000; round++) {
            inspectAll(inspector, packets);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int round = 0; round < 5_000; round++) {
            inspectAll(inspector, packets);
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        // some hundred bytes are the measurement's own; one allocation per datagram would be over 400 KB
        assertThat(allocated).isLessThan(16_384);
        assertThat(observations).hasSize(1);
    }

    private static void inspectAll(QuicInspector inspector, DecodedPacket[] packets) {
        for (DecodedPacket packet : packets) {
            inspector.inspectDatagram(packet);
        }
    }
}
