package io.banwatch.flow;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Flows by (transport, addresses, ports, tunnel id) in both directions, in an open-addressing table with linear probing and
 * backward-shift deletion. Lookups compare the key in place against the packet and allocate nothing. Bounded by
 * {@link FlowLimits#maxFlows()}: when full, the least recently seen flow is evicted (closed flows first), because
 * a passive monitor learns most from the first packets of new connections, and refusing new flows would let a
 * burst of stale ones blind it until they time out. Idle flows expire by packet time, a few per packet.
 */
public final class FlowTable {

    /** Two per list per packet: each packet adds at most one flow, so expiry keeps pace without a full scan. */
    static final int EXPIRIES_PER_PACKET = 2;

    private static final VarHandle LONG_AT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_AT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final FlowLimits limits;
    private final AnomalyCounters anomalies;
    private final FlowAnomaly whenFull;
    private final Flow[] slots;
    private final int mask;
    /** Random per table, so that nobody can choose addresses and ports that collide in the table. */
    private final long seed = new SplittableRandom().nextLong();
    /** Sentinels of the open and closed lists, oldest first. */
    private final Flow open = sentinel(), closed = sentinel();

    /** Flows free for reuse, linked by {@link Flow#newer}: a full table recycles the flow it evicts. */
    private Flow recycled;

    private int recycledCount;
    private int size;
    private long clockNanos = Long.MIN_VALUE;

    // The key of the last packet looked up, in canonical order.
    private long keyA0, keyA1, keyB0, keyB1;
    private int keyPortA, keyPortB, keyHash;
    private boolean keyFromA;

    public FlowTable(FlowLimits limits, AnomalyCounters anomalies) {
        this(limits, anomalies, FlowAnomaly.FLOW_TABLE_FULL, null, null);
    }

    /**
     * A table that counts {@code whenFull} each time it evicts a flow to make room.
     *
     * @param reusable reset flows (a chain linked by {@link Flow#newer}, or null), used before any is allocated
     * @param emptySlots an all-null slot array of {@link #capacity(FlowLimits)} entries to use, or null for a new one
     */
    FlowTable(FlowLimits limits, AnomalyCounters anomalies, FlowAnomaly whenFull, Flow reusable, Flow[] emptySlots) {
        this.limits = limits;
        this.whenFull = whenFull;
        this.anomalies = anomalies.register(FlowAnomaly.class);
        int capacity = capacity(limits);
        this.slots = emptySlots != null && emptySlots.length == capacity ? emptySlots : new Flow[capacity];
        this.mask = capacity - 1;
        for (Flow flow = reusable; flow != null; flow = flow.newer) {
            recycledCount++;
        }
        this.recycled = reusable;
    }

    /** Slots of a table with these limits: at most half full, so probe sequences stay short. */
    static int capacity(FlowLimits limits) {
        return Integer.highestOneBit(limits.maxFlows() - 1 | 1) << 2;
    }

    /** Advances the table's clock to the packet's time and expires a few idle flows. */
    public void advance(long packetNanos) {
        if (packetNanos > clockNanos) {
            clockNanos = packetNanos;
        }
        expireOldest(closed, limits.tcpClosedIdleNanos());
        expireOldest(open, limits.tcpIdleNanos());
    }

    /**
     * The flow of the packet, or null when there is none (or it had expired); {@link #packetFromA()} then tells
     * which side sent the packet.
     */
    public Flow find(DecodedPacket packet) {
        loadKey(packet);
        for (int slot = keyHash & mask; ; slot = (slot + 1) & mask) {
            Flow flow = slots[slot];
            if (flow == null) {
                return null;
            }
            if (flow.hash == keyHash && matchesKey(flow, packet)) {
                if (expired(flow)) {
                    remove(flow);
                    return null;
                }
                return flow;
            }
        }
    }

    /** Whether the packet last passed to {@link #find} or {@link #insert} was sent by side A. */
    public boolean packetFromA() {
        return keyFromA;
    }

    /** Adds a flow for a packet that {@link #find} did not find, evicting the oldest one when the table is full. */
    public Flow insert(DecodedPacket packet) {
        if (size >= limits.maxFlows()) {
            anomalies.count(whenFull);
            remove(closed.newer != closed ? closed.newer : open.newer);
        }
        loadKey(packet);
        Flow flow = recycled;
        if (flow != null) {
            recycled = flow.newer;
            recycledCount--;
            flow.newer = null;
        } else {
            flow = new Flow();
        }
        flow.hash = keyHash;
        flow.ipVersion = packet.ipVersion;
        flow.transport = packet.transport;
        flow.tunnelId = packet.tunnelId;
        flow.addressA0 = keyA0;
        flow.addressA1 = keyA1;
        flow.addressB0 = keyB0;
        flow.addressB1 = keyB1;
        flow.portA = keyPortA;
        flow.portB = keyPortB;
        int slot = keyHash & mask;
        while (slots[slot] != null) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = flow;
        size++;
        flow.lastSeenNanos = clockNanos;
        append(open, flow);
        return flow;
    }

    /** Records a packet of the flow at the current clock; {@code closing} moves it to the short timeout for good. */
    public void touch(Flow flow, boolean closing) {
        flow.lastSeenNanos = clockNanos;
        unlink(flow);
        flow.closing |= closing;
        append(flow.closing ? closed : open, flow);
    }

    /** Forgets a flow and frees its buffers. */
    public void remove(Flow flow) {
        int slot = flow.hash & mask;
        while (slots[slot] != flow) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = null;
        // Backward-shift deletion: move later members of the probe run into the hole so lookups need no tombstones.
        for (int next = (slot + 1) & mask; slots[next] != null; next = (next + 1) & mask) {
            int home = slots[next].hash & mask;
            boolean homeOutsideHoleToNext = slot <= next ? home <= slot || home > next : home <= slot && home > next;
            if (homeOutsideHoleToNext) {
                slots[slot] = slots[next];
                slots[next] = null;
                slot = next;
            }
        }
        unlink(flow);
        flow.reset();
        size--;
        flow.newer = recycled;
        recycled = flow;
        recycledCount++;
    }

    /**
     * Forgets every flow, resets each (its stream buffers' bytes go back to this table's budget) and gives them, with
     * those kept for reuse and the emptied slot array, to {@code pool}. The table must not be used afterwards: its
     * slots may serve another table.
     */
    void releaseTo(FlowPool pool, FlowPool.Kind kind) {
        for (Flow list : new Flow[] {open, closed}) {
            Flow flow = list.newer;
            while (flow != list) {
                Flow next = flow.newer;
                flow.reset();
                flow.newer = recycled;
                recycled = flow;
                recycledCount++;
                flow = next;
            }
            list.older = list;
            list.newer = list;
        }
        Arrays.fill(slots, null);
        size = 0;
        pool.giveSlots(kind, slots);
        pool.give(kind, recycled, recycledCount);
        recycled = null;
        recycledCount = 0;
    }

    public int activeFlows() {
        return size;
    }

    /** Flows kept for reuse, allocated once and free now. */
    int reusableFlows() {
        return recycledCount;
    }

    private void expireOldest(Flow list, long idleNanos) {
        for (int i = 0; i < EXPIRIES_PER_PACKET; i++) {
            Flow oldest = list.newer;
            if (oldest == list || clockNanos - oldest.lastSeenNanos < idleNanos) {
                return;
            }
            remove(oldest);
        }
    }

    private boolean expired(Flow flow) {
        long idle = flow.closing ? limits.tcpClosedIdleNanos() : limits.tcpIdleNanos();
        return clockNanos - flow.lastSeenNanos >= idle;
    }

    private void loadKey(DecodedPacket packet) {
        long s0, s1, d0, d1;
        if (packet.ipVersion == 6) {
            s0 = (long) LONG_AT.get(packet.sourceAddress, 0);
            s1 = (long) LONG_AT.get(packet.sourceAddress, 8);
            d0 = (long) LONG_AT.get(packet.destinationAddress, 0);
            d1 = (long) LONG_AT.get(packet.destinationAddress, 8);
        } else {
            s0 = 0;
            d0 = 0;
            s1 = (int) INT_AT.get(packet.sourceAddress, 0) & 0xffffffffL;
            d1 = (int) INT_AT.get(packet.destinationAddress, 0) & 0xffffffffL;
        }
        int compare = Long.compareUnsigned(s0, d0);
        if (compare == 0) {
            compare = Long.compareUnsigned(s1, d1);
        }
        if (compare == 0) {
            compare = Integer.compare(packet.sourcePort, packet.destinationPort);
        }
        keyFromA = compare <= 0;
        keyA0 = keyFromA ? s0 : d0;
        keyA1 = keyFromA ? s1 : d1;
        keyB0 = keyFromA ? d0 : s0;
        keyB1 = keyFromA ? d1 : s1;
        keyPortA = keyFromA ? packet.sourcePort : packet.destinationPort;
        keyPortB = keyFromA ? packet.destinationPort : packet.sourcePort;
        long h = seed
                ^ ((long) packet.transport << 40 | (long) packet.ipVersion << 32 | (long) keyPortA << 16 | keyPortB);
        h = mix(h ^ keyA0);
        h = mix(h ^ keyA1);
        h = mix(h ^ keyB0);
        h = mix(h ^ keyB1);
        h = mix(h ^ packet.tunnelId);
        keyHash = (int) (h ^ (h >>> 32));
    }

    private boolean matchesKey(Flow flow, DecodedPacket packet) {
        return flow.addressA1 == keyA1
                && flow.addressB1 == keyB1
                && flow.portA == keyPortA
                && flow.portB == keyPortB
                && flow.addressA0 == keyA0
                && flow.addressB0 == keyB0
                && flow.transport == packet.transport
                && flow.ipVersion == packet.ipVersion
                && flow.tunnelId == packet.tunnelId;
    }

    /** The finaliser of MurmurHash3's 64-bit variant: every input bit affects every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static Flow sentinel() {
        Flow sentinel = new Flow();
        sentinel.older = sentinel;
        sentinel.newer = sentinel;
        return sentinel;
    }

    private static void append(Flow list, Flow flow) {
        flow.older = list.older;
        flow.newer = list;
        list.older.newer = flow;
        list.older = flow;
    }

    private static void unlink(Flow flow) {
        if (flow.older != null) {
            flow.older.newer = flow.newer;
            flow.newer.older = flow.older;
            flow.older = null;
            flow.newer = null;
        }
    }
}
