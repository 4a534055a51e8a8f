package io.banwatch.source;

/** Receives every packet a source reads, on that source's capture thread. */
@FunctionalInterface
public interface PacketHandler {

    /**
     * One captured packet.
     *
     * @param linkType the LINKTYPE_ value of the source (constant for a source)
     * @param data the captured bytes; valid only during the call
     * @param captureLength how many bytes were captured ({@code data.length})
     * @param wireLength how many bytes the packet had on the wire
     * @param timestampNanos capture time, nanoseconds since the epoch
     */
    void onPacket(int linkType, byte[] data, int captureLength, int wireLength, long timestampNanos);
}
