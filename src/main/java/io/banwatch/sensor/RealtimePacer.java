package io.banwatch.sensor;

import io.banwatch.source.PacketHandler;
import java.util.concurrent.locks.LockSupport;

/** Delays packets so that a replay runs at the speed it was captured (for dashboards and alert tests). */
final class RealtimePacer implements PacketHandler {

    /** Gaps longer than this are shortened to it, so a capture with hours of silence does not stall a demo. */
    private static final long MAX_GAP_NANOS = 5_000_000_000L;

    private final PacketHandler next;
    private long previousPacketNanos = Long.MIN_VALUE;
    private long previousWallNanos;

    RealtimePacer(PacketHandler next) {
        this.next = next;
    }

    @Override
    public void onPacket(int linkType, byte[] data, int captureLength, int wireLength, long timestampNanos) {
        long now = System.nanoTime();
        if (previousPacketNanos != Long.MIN_VALUE) {
            long gap = Math.min(MAX_GAP_NANOS, Math.max(0, timestampNanos - previousPacketNanos));
            long due = previousWallNanos + gap;
            while (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
        }
        previousPacketNanos = timestampNanos;
        previousWallNanos = now;
        next.onPacket(linkType, data, captureLength, wireLength, timestampNanos);
    }
}
