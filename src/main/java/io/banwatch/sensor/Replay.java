package io.banwatch.sensor;

import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.source.CaptureException;
import io.banwatch.source.CaptureStats;
import io.banwatch.source.Captures;
import io.banwatch.source.PacketHandler;
import io.banwatch.source.PcapCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays capture files through a sensor, one after another, losing nothing: a damaged file is read as far as it
 * can be and the next file is read after it. Files that follow one another in time are one capture ({@link
 * ReplayPath}).
 */
public final class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    /**
     * @param filter {@code auto}, {@code none} or a BPF expression
     * @param realtime pace packets by their timestamps instead of reading as fast as possible
     */
    public record Options(String filter, List<Integer> serverPorts, boolean realtime) {}

    /**
     * What was read of one file.
     *
     * @param damage why reading stopped before the end of the file (a truncated record, say), or null
     */
    public record FileResult(String name, long packets, long bytes, String damage) {

        public boolean damaged() {
            return damage != null;
        }
    }

    /**
     * Totals of one replay.
     *
     * @param files what was read of each file, in order; files not reached because the replay was stopped are absent
     * @param stopped true when the replay was stopped (a signal) before every file was read to its end
     */
    public record Result(
            long packets, long bytes, double seconds, List<FileResult> files, boolean stopped, PhaseClock phases) {

        public double packetsPerSecond() {
            return seconds > 0 ? packets / seconds : 0;
        }

        public List<String> sources() {
            return files.stream().map(FileResult::name).toList();
        }

        public List<FileResult> damagedFiles() {
            return files.stream().filter(FileResult::damaged).toList();
        }
    }

    /** Observes progress: called from the replay thread after each file is opened. */
    public interface Progress {
        void started(Path file, CaptureStats stats);

        void finished(Path file, CaptureStats stats);
    }

    /** Stops a running replay from another thread (a signal handler): the file being read ends early. */
    public static final class Stopper {
        private final AtomicReference<PcapCapture> current = new AtomicReference<>();
        private volatile boolean stopped;

        public void stop() {
            stopped = true;
            PcapCapture capture = current.get();
            if (capture != null) {
                capture.stop();
            }
        }

        public boolean stopped() {
            return stopped;
        }

        /** @param capture the file being read from now on, null after it */
        void reading(PcapCapture capture) {
            current.set(capture);
            if (stopped && capture != null) {
                capture.stop();
            }
        }
    }

    private Replay() {}

    /**
     * Replays the files in order. A file that cannot be opened stops the replay before any packet is read
     * (thrown: a wrong argument); a read error ends that file after the packets read so far and the replay goes on
     * with the next (in the result).
     */
    public static Result run(Sensor sensor, List<Path> files, Options options, Progress progress)
            throws CaptureException {
        return run(sensor, files, options, progress, new Stopper());
    }

    public static Result run(Sensor sensor, List<Path> files, Options options, Progress progress, Stopper stopper)
            throws CaptureException {
        List<CaptureStats> sources = check(sensor, files, options);
        sensor.ready();
        PhaseClock phases = new PhaseClock(sensor.catalogs());
        long started = System.nanoTime();
        List<FileResult> results = new ArrayList<>();
        ReplayPath path = new ReplayPath(sensor, phases);
        PacketHandler handler = options.realtime() ? new RealtimePacer(path) : path;
        long packets = 0, bytes = 0;
        try {
            for (int i = 0; i < files.size() && !stopper.stopped(); i++) {
                FileResult file = read(files.get(i), sources.get(i), options, progress, stopper, path, handler);
                packets += file.packets();
                bytes += file.bytes();
                results.add(file);
            }
        } finally {
            path.end();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        boolean stopped = stopper.stopped();
        return new Result(packets, bytes, seconds, List.copyOf(results), stopped, phases);
    }

    /**
     * Reads one file to its end, its damage, or a stop. One file is open at a time: each holds a handle, libpcap's
     * record buffer, a read buffer and its own record array (about 1.5 MB), and a compressed one its decompressed copy
     * on disk, so a replay of thousands of rotated files needs no more than a replay of one.
     */
    private static FileResult read(
            Path file,
            CaptureStats stats,
            Options options,
            Progress progress,
            Stopper stopper,
            ReplayPath path,
            PacketHandler handler) {
        PcapCapture opened;
        try {
            opened = open(file, stats, options);
        } catch (CaptureException e) {
            // A compressed file whose header libpcap refuses, known only now: the others are still read.
            String name = stats.source();
            return new FileResult(name, 0, 0, damage(e.getMessage(), name));
        }
        try (PcapCapture capture = opened) {
            path.startFile(capture.name());
            progress.started(file, capture.stats());
            String damage = null;
            stopper.reading(capture);
            try {
                capture.run(handler);
            } catch (CaptureException e) {
                damage = damage(e.getMessage(), capture.name());
                log.debug(
                        "{}: read {} packets before the damage",
                        damage,
                        capture.stats().packets());
            } finally {
                stopper.reading(null);
                progress.finished(file, capture.stats());
            }
            return new FileResult(
                    capture.name(), capture.stats().packets(), capture.stats().bytes(), damage);
        }
    }

    private static PcapCapture open(Path file, CaptureStats stats, Options options) throws CaptureException {
        PcapCapture capture = Captures.openFile(file, stats);
        try {
            if (Captures.isCompressed(file)) {
                warnIfUndecoded(capture); // the other files were looked at before the first packet
            }
            applyFilter(capture, options);
            return capture;
        } catch (CaptureException | RuntimeException e) {
            capture.close();
            throw e;
        }
    }

    /**
     * Opens every file before any packet is read, so that a file that cannot be replayed, or a filter libpcap refuses,
     * stops the replay before it starts; each is closed again at once. A compressed file is only checked here (its
     * magic number): decompressing it twice would double its cost, so what libpcap makes of its header is known when
     * its turn comes.
     *
     * @return the counters of each file, given to the sensor's metrics
     */
    private static List<CaptureStats> check(Sensor sensor, List<Path> files, Options options) throws CaptureException {
        List<CaptureStats> sources = new ArrayList<>(files.size());
        Set<String> names = new HashSet<>();
        for (Path file : files) {
            CaptureStats stats = new CaptureStats(sourceName(file, names));
            if (Captures.isCompressed(file)) {
                Captures.check(file);
            } else {
                try (PcapCapture capture = Captures.openFile(file, stats)) {
                    warnIfUndecoded(capture);
                    applyFilter(capture, options);
                }
            }
            sensor.addSource(stats);
            sources.add(stats);
        }
        return sources;
    }

    /**
     * A file's name in the report and in {@code banwatch_packets_total{source}}: its file name, numbered from the
     * second file of the replay with that name on ({@code cap.pcap #2}): files of one name from two folders, or one
     * file given twice, would otherwise share one series, which counted the first file's packets only.
     */
    static String sourceName(Path file, Set<String> taken) {
        String name = file.getFileName().toString();
        String numbered = name;
        for (int n = 2; !taken.add(numbered); n++) {
            numbered = name + " #" + n;
        }
        return numbered;
    }

    private static void warnIfUndecoded(PcapCapture capture) {
        if (!PacketProcessor.supports(capture.linkType())) {
            log.warn(
                    "{}: link type {} is not decoded by banwatch; its packets are counted as link_type_unsupported "
                            + "and skipped",
                    capture.name(),
                    capture.linkType());
        }
    }

    /** libpcap's words for the damage, without the file name and pcap4j's "Error occurred:" that wrap them. */
    static String damage(String message, String file) {
        String text = message.startsWith(file + ": ") ? message.substring(file.length() + 2) : message;
        return text.replace("Error occurred: ", "").strip();
    }

    static void applyFilter(PcapCapture capture, Options options) throws CaptureException {
        switch (options.filter()) {
            case "auto" -> capture.setDefaultFilter(options.serverPorts());
            case "none", "" -> {}
            default -> capture.setFilter(options.filter());
        }
    }
}
