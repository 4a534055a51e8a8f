package io.banwatch.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGINT, SIGTERM and SIGHUP as requests to banwatch rather than to the JVM. The JVM's own handling of SIGTERM runs
 * the shutdown hooks and exits with status 143, which systemd and container runtimes read as a failure; a stop that
 * flushed everything exits 0 instead. A second SIGINT or SIGTERM while stopping ends the process at once (status
 * 128 + signal number), for a stop that hangs. SIGHUP reopens the events file and reloads the catalog.
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    // Only the real command (Main.main) takes over the process's signals; commands run in-process by tests or an
    // embedding program leave the host JVM's signal handling alone.
    private static volatile boolean enabled;

    private static final List<Runnable> HANGUP_ACTIONS = new CopyOnWriteArrayList<>();

    private Signals() {}

    /** Lets the commands of this process handle SIGINT, SIGTERM and SIGHUP. */
    static void enable() {
        enabled = true;
    }

    /** Runs {@code stop} on the first SIGINT or SIGTERM, on the JVM's signal thread. */
    static void onStop(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            install(name, signal -> {
                if (stopping.compareAndSet(false, true)) {
                    log.info(
                            "SIG{} received: stopping (flushing events and sinks); send it again to stop at once",
                            name);
                    stop.run();
                } else {
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
            });
        }
    }

    /**
     * Runs {@code action} on every SIGHUP, after the actions registered before it (reopen the events file, reload the
     * catalog); one that fails is logged and does not keep the others from running.
     */
    static void onHangup(Runnable action) {
        boolean first;
        synchronized (HANGUP_ACTIONS) {
            first = HANGUP_ACTIONS.isEmpty();
            HANGUP_ACTIONS.add(action);
        }
        if (first) {
            install("HUP", signal -> {
                for (Runnable each : HANGUP_ACTIONS) {
                    try {
                        each.run();
                    } catch (RuntimeException e) {
                        log.error("SIGHUP handling failed", e);
                    }
                }
            });
        }
    }

    private static void install(String name, sun.misc.SignalHandler handler) {
        if (!enabled) {
            return;
        }
        try {
            Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            // The signal is not available here (SIGHUP on Windows, or reserved by the JVM's -Xrs): keep the default.
            log.debug("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }
}
