package io.banwatch.source;

/** Receives every packet a source reads, on that source's capture thread. */
@FunctionalInterface
public interface PacketHandler {

    /**
     * One captured packet.
     *
     * @param linkType the LINKTYPE_ value of the source (constant for a source)
     * @param data the captured bytes in {@code data[0, captureLength)}; the array is the source's reused buffer,
     *     longer than the packet and overwritten by the next one, so it is valid only during the call (copy what
     *     must outlive it)
     * @param captureLength how many bytes were captured
     * @param wireLength how many bytes the packet had on the wire
     * @param timestampNanos capture time, nanoseconds since the epoch
     */
    void onPacket(int linkType, byte[] data, int captureLength, int wireLength, long timestampNanos);
}
