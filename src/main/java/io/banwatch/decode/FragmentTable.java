package io.banwatch.decode;

import java.util.Arrays;

/**
 * Reassembles fragmented IPv4 (RFC 791 section 3.2) and IPv6 (RFC 8200 section 4.5) datagrams, bounded in
 * datagrams, bytes and time; overlapping fragments abandon their datagram (RFC 5722 section 4). Not thread-safe:
 * one table per decoder.
 */
final class FragmentTable {

    /** RFC 791 total length and RFC 8200 payload length are 16-bit: no reassembled part can be longer. */
    static final int MAX_DATAGRAM_LENGTH = 65_535;
    /** Two typical 1,480-byte fragments fit without growing the buffer. */
    private static final int INITIAL_BUFFER = 4096;

    private final AnomalyCounters anomalies;
    private final int maxDatagrams;
    private final long maxBytes;
    private final long timeoutNanos;
    private final int maxPieces;
    private final FragmentedDatagram[] buckets;

    private FragmentedDatagram oldest;
    private FragmentedDatagram newest;
    private FragmentedDatagram free;
    private int datagrams;
    private long bytes;

    /** The datagram the last successful {@link #add} completed: its fragmentable part and protocol. */
    byte[] completedData;

    int completedLength;
    int completedProtocol;

    FragmentTable(FragmentLimits limits, AnomalyCounters anomalies) {
        this.anomalies = anomalies;
        this.maxDatagrams = limits.maxDatagrams();
        this.maxBytes = limits.maxBytes();
        this.timeoutNanos = limits.timeout().toNanos();
        this.maxPieces = limits.maxFragmentsPerDatagram();
        this.buckets = new FragmentedDatagram[Integer.highestOneBit(Math.max(1, maxDatagrams - 1)) << 1];
    }

    int datagramsInProgress() {
        return datagrams;
    }

    long bytesBuffered() {
        return bytes;
    }

    /**
     * Adds one fragment's fragmentable part. {@code protocol} is part of the key for IPv4 and, for IPv6, the next
     * header of the offset-zero fragment, the only one RFC 8200 section 4.5 uses. Returns true when the fragment
     * completed its datagram, which is then in {@link #completedData}.
     */
    boolean add(
            int version,
            byte[] source,
            byte[] destination,
            int protocol,
            long identification,
            int fragmentOffset,
            boolean moreFragments,
            byte[] data,
            int offset,
            int length,
            long nowNanos) {
        expire(nowNanos);
        int end = fragmentOffset + length;
        if (moreFragments && length == 0) {
            anomalies.count(DecodeAnomaly.FRAGMENT_EMPTY);
            return false;
        }
        if (moreFragments && (length & 7) != 0) {
            // RFC 8200 section 4.5 and RFC 791 section 3.2: every fragment but the last is a multiple of 8 bytes.
            anomalies.count(DecodeAnomaly.FRAGMENT_LENGTH_NOT_MULTIPLE_OF_8);
            return false;
        }
        if (end > MAX_DATAGRAM_LENGTH) {
            anomalies.count(DecodeAnomaly.FRAGMENT_TOO_LARGE);
            return false;
        }
        int addressLength = version == 6 ? 16 : 4;
        int keyProtocol = version == 4 ? protocol : -1;
        int hash = hash(version, keyProtocol, identification, source, destination, addressLength);
        FragmentedDatagram datagram =
                find(hash, version, keyProtocol, identification, source, destination, addressLength);
        if (datagram == null) {
            datagram = create(hash, version, keyProtocol, identification, source, destination, addressLength);
            datagram.firstSeenNanos = nowNanos;
        }
        if (datagram.abandoned) {
            anomalies.count(DecodeAnomaly.FRAGMENT_AFTER_ABANDON);
            return false;
        }
        if (!placeable(datagram, fragmentOffset, end, moreFragments, data, offset)) {
            return false;
        }
        if (!reserve(datagram, end)) {
            return false;
        }
        System.arraycopy(data, offset, datagram.buffer, fragmentOffset, length);
        if (length > 0) {
            datagram.starts[datagram.pieces] = fragmentOffset;
            datagram.ends[datagram.pieces] = end;
            datagram.pieces++;
            datagram.received += length;
        }
        if (!moreFragments) {
            datagram.totalLength = end;
        }
        if (version == 6 && fragmentOffset == 0) {
            datagram.protocol = protocol;
        }
        if (datagram.totalLength < 0 || datagram.received != datagram.totalLength) {
            return false;
        }
        // No overlaps were accepted, so as many bytes as the total length means no hole is left.
        completedData = datagram.buffer;
        completedLength = datagram.totalLength;
        completedProtocol = version == 4 ? protocol : datagram.protocol;
        remove(datagram);
        return true;
    }

    /** Checks a fragment against the end and the pieces already held; false when it must not be copied. */
    private boolean placeable(
            FragmentedDatagram datagram, int start, int end, boolean moreFragments, byte[] data, int offset) {
        int total = datagram.totalLength;
        boolean inconsistent = moreFragments ? total >= 0 && end > total : total >= 0 && total != end;
        for (int i = 0; i < datagram.pieces && !inconsistent; i++) {
            inconsistent = !moreFragments && datagram.ends[i] > end;
        }
        if (inconsistent) {
            anomalies.count(DecodeAnomaly.FRAGMENT_INCONSISTENT_END);
            abandon(datagram);
            return false;
        }
        for (int i = 0; i < datagram.pieces; i++) {
            int pieceStart = datagram.starts[i];
            int pieceEnd = datagram.ends[i];
            if (start >= pieceEnd || pieceStart >= end) {
                continue;
            }
            // RFC 8200 section 4.5 lets exact duplicates be dropped alone; any other overlap abandons the
            // datagram (RFC 5722 section 4).
            if (pieceStart == start
                    && pieceEnd == end
                    && Arrays.equals(datagram.buffer, start, end, data, offset, offset + end - start)) {
                anomalies.count(DecodeAnomaly.FRAGMENT_DUPLICATE);
                return false;
            }
            anomalies.count(DecodeAnomaly.FRAGMENT_OVERLAP);
            abandon(datagram);
            return false;
        }
        if (datagram.pieces == maxPieces && end > start) {
            anomalies.count(DecodeAnomaly.FRAGMENT_TOO_MANY_PIECES);
            abandon(datagram);
            return false;
        }
        return true;
    }

    /** Grows the datagram's buffer to hold {@code end} bytes within the byte cap, evicting older datagrams. */
    private boolean reserve(FragmentedDatagram datagram, int end) {
        int capacity = datagram.buffer == null ? 0 : datagram.buffer.length;
        if (end <= capacity) {
            return true;
        }
        int grown = Math.min(MAX_DATAGRAM_LENGTH, Math.max(end, Math.max(INITIAL_BUFFER, capacity * 2)));
        FragmentedDatagram candidate = oldest;
        while (bytes + grown - capacity > maxBytes && candidate != null) {
            FragmentedDatagram next = candidate.newer;
            if (candidate != datagram && candidate.buffer != null) {
                anomalies.count(DecodeAnomaly.FRAGMENT_MEMORY_FULL);
                remove(candidate);
            }
            candidate = next;
        }
        if (bytes + grown - capacity > maxBytes) {
            anomalies.count(DecodeAnomaly.FRAGMENT_MEMORY_FULL);
            abandon(datagram);
            return false;
        }
        datagram.buffer = datagram.buffer == null ? new byte[grown] : Arrays.copyOf(datagram.buffer, grown);
        bytes += grown - capacity;
        return true;
    }

    /** Drops datagrams first seen longer than the timeout ago; abandoned ones leave silently. */
    private void expire(long nowNanos) {
        while (oldest != null && nowNanos - oldest.firstSeenNanos > timeoutNanos) {
            if (!oldest.abandoned) {
                anomalies.count(DecodeAnomaly.FRAGMENT_TIMEOUT);
            }
            remove(oldest);
        }
    }

    private FragmentedDatagram create(
            int hash, int version, int protocol, long identification, byte[] source, byte[] destination, int length) {
        if (datagrams == maxDatagrams) {
            anomalies.count(DecodeAnomaly.FRAGMENT_TABLE_FULL);
            remove(oldest);
        }
        FragmentedDatagram datagram = free;
        if (datagram != null) {
            free = datagram.nextInBucket;
        } else {
            datagram = new FragmentedDatagram(maxPieces);
        }
        datagram.reset(hash, version, protocol, identification);
        System.arraycopy(source, 0, datagram.source, 0, length);
        System.arraycopy(destination, 0, datagram.destination, 0, length);
        int bucket = hash & (buckets.length - 1);
        datagram.nextInBucket = buckets[bucket];
        buckets[bucket] = datagram;
        datagram.older = newest;
        if (newest != null) {
            newest.newer = datagram;
        } else {
            oldest = datagram;
        }
        newest = datagram;
        datagrams++;
        return datagram;
    }

    private FragmentedDatagram find(
            int hash, int version, int protocol, long identification, byte[] source, byte[] destination, int length) {
        for (FragmentedDatagram d = buckets[hash & (buckets.length - 1)]; d != null; d = d.nextInBucket) {
            if (d.hash == hash
                    && d.version == version
                    && d.keyProtocol == protocol
                    && d.identification == identification
                    && Arrays.equals(d.source, 0, length, source, 0, length)
                    && Arrays.equals(d.destination, 0, length, destination, 0, length)) {
                return d;
            }
        }
        return null;
    }

    /** Releases the datagram's bytes but keeps it until its timeout, so its later fragments are dropped too. */
    private void abandon(FragmentedDatagram datagram) {
        if (datagram.buffer != null) {
            bytes -= datagram.buffer.length;
            datagram.buffer = null;
        }
        datagram.abandoned = true;
    }

    private void remove(FragmentedDatagram datagram) {
        int bucket = datagram.hash & (buckets.length - 1);
        if (buckets[bucket] == datagram) {
            buckets[bucket] = datagram.nextInBucket;
        } else {
            FragmentedDatagram previous = buckets[bucket];
            while (previous.nextInBucket != datagram) {
                previous = previous.nextInBucket;
            }
            previous.nextInBucket = datagram.nextInBucket;
        }
        if (datagram.older != null) {
            datagram.older.newer = datagram.newer;
        } else {
            oldest = datagram.newer;
        }
        if (datagram.newer != null) {
            datagram.newer.older = datagram.older;
        } else {
            newest = datagram.older;
        }
        if (datagram.buffer != null) {
            bytes -= datagram.buffer.length;
            datagram.buffer = null;
        }
        datagram.older = null;
        datagram.newer = null;
        datagram.nextInBucket = free;
        free = datagram;
        datagrams--;
    }

    private static int hash(
            int version, int protocol, long identification, byte[] source, byte[] destination, int length) {
        int h = 31 * (31 * version + protocol) + Long.hashCode(identification);
        for (int i = 0; i < length; i++) {
            h = 31 * h + (source[i] ^ (destination[i] << 4));
        }
        return h ^ (h >>> 16);
    }
}
