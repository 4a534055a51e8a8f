package io.banwatch.cli;

import io.banwatch.sensor.Replay;
import io.banwatch.source.CaptureStats;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A progress line for long replays, shown only when standard error is a terminal: how far through the file, how
 * many packets, how fast. The position is estimated from the bytes read against the file's size.
 */
final class Progress implements Replay.Progress, AutoCloseable {

    /** Files read faster than this never show a line. */
    private static final long FIRST_UPDATE_MILLIS = 1_000;

    private static final long UPDATE_MILLIS = 500;

    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> task;
    private boolean shown;

    Progress(PrintWriter err) {
        this.err = err;
        this.timer = terminal
                ? Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "banwatch-progress");
                    thread.setDaemon(true);
                    return thread;
                })
                : null;
    }

    @Override
    public synchronized void started(Path file, CaptureStats stats) {
        if (!terminal) {
            return;
        }
        long size = sizeOf(file);
        long start = System.nanoTime();
        task = timer.scheduleAtFixedRate(
                () -> show(file, stats, size, start), FIRST_UPDATE_MILLIS, UPDATE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void finished(Path file, CaptureStats stats) {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (shown) {
            err.print("\r\033[K");
            err.flush();
            shown = false;
        }
    }

    private synchronized void show(Path file, CaptureStats stats, long size, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        // 16-byte record headers: a fair estimate of the file bytes behind the packets for pcap and pcapng alike.
        long read = stats.bytes() + 16 * stats.packets();
        int percent = size > 0 ? (int) Math.min(99, 100 * read / size) : 0;
        int filled = percent / 5;
        err.printf(
                Locale.ROOT,
                "\r%s [%s%s] %3d%%  %,d packets  %,.0f packets/s\033[K",
                file.getFileName(),
                "#".repeat(filled),
                " ".repeat(20 - filled),
                percent,
                stats.packets(),
                seconds > 0 ? stats.packets() / seconds : 0);
        err.flush();
        shown = true;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
