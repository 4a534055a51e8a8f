package io.banwatch.sensor;

import io.banwatch.source.CaptureException;
import io.banwatch.source.CaptureStats;
import io.banwatch.source.Captures;
import io.banwatch.source.PacketHandler;
import io.banwatch.source.PcapCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Replays capture files through a sensor, one after another, losing nothing. */
public final class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    /**
     * @param filter {@code auto}, {@code none} or a BPF expression
     * @param realtime pace packets by their timestamps instead of reading as fast as possible
     */
    public record Options(String filter, List<Integer> serverPorts, boolean realtime) {}

    /**
     * Totals of one replay.
     *
     * @param readError the read error that ended the replay early (a truncated file, say), or null
     */
    public record Result(long packets, long bytes, double seconds, List<String> sources, CaptureException readError) {

        public double packetsPerSecond() {
            return seconds > 0 ? packets / seconds : 0;
        }
    }

    /** Observes progress: called from the replay thread after each file is opened. */
    public interface Progress {
        void started(Path file, CaptureStats stats);

        void finished(Path file, CaptureStats stats);
    }

    private Replay() {}

    /**
     * Replays the files in order. A file that cannot be opened stops the replay before any packet is read
     * (thrown); a read error ends the replay after the packets read so far have been handled (in the result).
     */
    public static Result run(Sensor sensor, List<Path> files, Options options, Progress progress)
            throws CaptureException {
        List<PcapCapture> opened = new ArrayList<>();
        try {
            for (Path file : files) {
                opened.add(Captures.openFile(file));
            }
            for (PcapCapture capture : opened) {
                if (!PacketProcessor.supports(capture.linkType())) {
                    log.warn(
                            "{}: link type {} is not decoded by banwatch; its packets are counted as "
                                    + "link_type_unsupported and skipped",
                            capture.name(),
                            capture.linkType());
                }
                applyFilter(capture, options);
                sensor.addSource(capture.stats());
            }
            sensor.ready();
            long started = System.nanoTime();
            long packets = 0, bytes = 0;
            List<String> names = new ArrayList<>();
            CaptureException readError = null;
            for (int i = 0; i < opened.size(); i++) {
                PcapCapture capture = opened.get(i);
                PacketProcessor processor = sensor.newProcessor(true);
                PacketHandler handler = options.realtime() ? new RealtimePacer(processor) : processor;
                progress.started(files.get(i), capture.stats());
                try {
                    capture.run(handler);
                } catch (CaptureException e) {
                    readError = e;
                } finally {
                    sensor.retire(processor);
                    packets += capture.stats().packets();
                    bytes += capture.stats().bytes();
                    names.add(capture.name());
                    progress.finished(files.get(i), capture.stats());
                }
                if (readError != null) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(packets, bytes, seconds, names, readError);
        } finally {
            opened.forEach(PcapCapture::close);
        }
    }

    static void applyFilter(PcapCapture capture, Options options) throws CaptureException {
        switch (options.filter()) {
            case "auto" -> capture.setDefaultFilter(options.serverPorts());
            case "none", "" -> {}
            default -> capture.setFilter(options.filter());
        }
    }
}
