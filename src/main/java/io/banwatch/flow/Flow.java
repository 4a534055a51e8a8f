package io.banwatch.flow;

import io.banwatch.decode.Endpoint;

/**
 * One connection in the {@link FlowTable}: its key in canonical order (side A is the lower address and port), its
 * idle bookkeeping and the per-direction reassembly state. Instances are recycled when flows are evicted.
 */
public final class Flow {

    // Key, compared in place against packet fields so that lookups allocate nothing.
    int hash;
    int ipVersion;
    int transport;
    /** The tunnel or mirror session (VXLAN VNI, GRE key, ...): the same addresses in two VPCs are two flows. */
    long tunnelId;

    long addressA0, addressA1, addressB0, addressB1;
    int portA, portB;

    long lastSeenNanos;
    boolean closing;
    /** Neighbours in the table's least-recently-seen list. */
    Flow older, newer;

    boolean clientIsA;
    /** Set once a {@link FlowObserver} reported the connection, so that it is reported at most once. */
    boolean reported;

    /**
     * The sequence number of the SYN each side sent (RFC 9293 section 3.4), or -1 when it was not seen: the origin
     * from which the bytes each side sent are counted.
     */
    long initialSequenceA = -1, initialSequenceB = -1;

    Endpoint endpointA, endpointB;
    StreamReassembler fromA, fromB;

    Flow() {}

    /** Whether side A (the lower address and port) opened the connection, as far as the first packets tell. */
    public boolean clientIsA() {
        return clientIsA;
    }

    public int portA() {
        return portA;
    }

    public int portB() {
        return portB;
    }

    public boolean closing() {
        return closing;
    }

    /** Frees the reassembly buffers and forgets the connection, so the instance can hold another flow. */
    void reset() {
        if (fromA != null) {
            fromA.reset();
        }
        if (fromB != null) {
            fromB.reset();
        }
        closing = false;
        clientIsA = false;
        reported = false;
        initialSequenceA = -1;
        initialSequenceB = -1;
        endpointA = null;
        endpointB = null;
        older = null;
        newer = null;
    }
}
