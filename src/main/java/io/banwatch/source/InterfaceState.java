package io.banwatch.source;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a live interface is being read, and how often its capture was reopened after a read error (an interface
 * deleted and created again, a driver reset). Written by the interface's capture thread, read by the metrics.
 */
public final class InterfaceState {

    private final String source;
    private volatile boolean up = true;
    private final AtomicLong reopens = new AtomicLong();

    public InterfaceState(String source) {
        this.source = source;
    }

    /** The interface name, the {@code source} label of its metrics. */
    public String source() {
        return source;
    }

    /** The capture failed; it is not read until {@link #reopened()}. */
    public void down() {
        up = false;
    }

    /** A new handle was opened after a failure and is being read. */
    public void reopened() {
        reopens.incrementAndGet();
        up = true;
    }

    public boolean up() {
        return up;
    }

    public long reopens() {
        return reopens.get();
    }
}
