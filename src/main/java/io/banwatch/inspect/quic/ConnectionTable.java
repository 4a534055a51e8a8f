package io.banwatch.inspect.quic;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.inspect.quic.ConnectionKey.Side;
import java.util.HashMap;

/**
 * The QUIC connections whose client Initials are being read, bounded by {@link QuicLimits}: by entries (the least
 * recently seen is evicted for a new one), by reassembly bytes (the least recently written buffer is evicted) and by
 * idle time in packet time. Each connection is found by up to three keys (see {@link QuicConnection}).
 */
final class ConnectionTable {

    private final QuicLimits limits;
    private final long idleTimeoutNanos;
    private final AnomalyCounters anomalies;
    private final ByteBudget budget;
    private final HashMap<ConnectionKey, QuicConnection> byKey;
    private final ConnectionKey probe = new ConnectionKey();
    private QuicConnection oldest;
    private QuicConnection newest;
    private int size;

    ConnectionTable(QuicLimits limits, AnomalyCounters anomalies) {
        this.limits = limits;
        this.idleTimeoutNanos = limits.idleTimeout().toNanos();
        this.anomalies = anomalies;
        this.budget = new ByteBudget(limits.maxBufferedBytes(), anomalies);
        // three keys per connection at most; sized so that the map never rehashes
        this.byKey = HashMap.newHashMap(3 * limits.maxConnections());
    }

    /** The connection that {@code side} addresses by this connection ID from or to this client endpoint, or null. */
    QuicConnection find(
            Side side, byte[] address, int addressLength, int port, byte[] data, int cidOffset, int cidLength) {
        return byKey.get(probe.set(side, address, addressLength, port, data, cidOffset, cidLength));
    }

    /**
     * Starts a connection found by the client's first Destination Connection ID, evicting the least recently seen
     * connection when the table is full.
     */
    QuicConnection open(
            byte[] address,
            int addressLength,
            int port,
            byte[] data,
            int cidOffset,
            int cidLength,
            InitialKeys keys,
            long nowNanos) {
        if (size == limits.maxConnections()) {
            anomalies.count(QuicAnomaly.CONNECTION_TABLE_FULL);
            remove(oldest);
        }
        ConnectionKey key =
                new ConnectionKey().set(Side.CLIENT, address, addressLength, port, data, cidOffset, cidLength);
        QuicConnection connection = new QuicConnection(key, keys, nowNanos);
        byKey.put(key, connection);
        append(connection);
        size++;
        return connection;
    }

    /**
     * Adds a second way to find the connection: the server key ({@link Side#SERVER}) or the client alias ({@link
     * Side#CLIENT}), unless the connection has that key already or another connection holds it.
     */
    void alias(
            QuicConnection connection,
            Side side,
            byte[] address,
            int addressLength,
            int port,
            byte[] data,
            int cidOffset,
            int cidLength) {
        if ((side == Side.SERVER ? connection.serverKey : connection.clientAliasKey) != null
                || byKey.containsKey(probe.set(side, address, addressLength, port, data, cidOffset, cidLength))) {
            return;
        }
        ConnectionKey key = probe.copy();
        byKey.put(key, connection);
        if (side == Side.SERVER) {
            connection.serverKey = key;
        } else {
            connection.clientAliasKey = key;
        }
    }

    /** Marks the connection as just seen. */
    void touch(QuicConnection connection, long nowNanos) {
        connection.lastSeenNanos = Math.max(connection.lastSeenNanos, nowNanos);
        if (connection != newest) {
            unlink(connection);
            append(connection);
        }
    }

    /** Ends reading a connection: its Initials are ignored from now on, and its buffer and keys are freed. */
    void finish(QuicConnection connection) {
        connection.done = true;
        connection.keys = null;
        connection.crypto.release(budget);
    }

    /** Forgets connections idle for longer than the timeout, oldest first; stops at the first recent one. */
    void expire(long nowNanos) {
        while (oldest != null && nowNanos - oldest.lastSeenNanos > idleTimeoutNanos) {
            if (!oldest.done) {
                anomalies.count(QuicAnomaly.CONNECTION_EXPIRED_INCOMPLETE);
            }
            remove(oldest);
        }
    }

    ByteBudget budget() {
        return budget;
    }

    int size() {
        return size;
    }

    private void remove(QuicConnection connection) {
        byKey.remove(connection.originalKey);
        if (connection.serverKey != null) {
            byKey.remove(connection.serverKey);
        }
        if (connection.clientAliasKey != null) {
            byKey.remove(connection.clientAliasKey);
        }
        connection.crypto.release(budget);
        unlink(connection);
        size--;
    }

    private void append(QuicConnection connection) {
        connection.older = newest;
        connection.newer = null;
        if (newest != null) {
            newest.newer = connection;
        } else {
            oldest = connection;
        }
        newest = connection;
    }

    private void unlink(QuicConnection connection) {
        if (connection.older != null) {
            connection.older.newer = connection.newer;
        } else {
            oldest = connection.newer;
        }
        if (connection.newer != null) {
            connection.newer.older = connection.older;
        } else {
            newest = connection.older;
        }
        connection.older = null;
        connection.newer = null;
    }
}
