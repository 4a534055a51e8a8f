package io.banwatch.sensor;

import io.banwatch.dispatch.InspectionWorkers;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.source.PacketHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-packet path of a replay, across its files. Files that follow one another in time, as a capture rotated by
 * {@code tcpdump -G} or {@code -C} does, are read as the one capture they are: flows, their reassembly and the
 * contacts waiting for an outcome carry over from a file to the next (Zeek and Suricata read a set of rotated files
 * the same way); ending the path at a file's end would give every contact still open then the outcome seen so far,
 * so that a download spanning two files would count as a handshake at best. A file whose first packet lies more than
 * {@link #REORDERING_NANOS} before the latest packet seen (another capture, or the same file again) ends the path,
 * which gives its contacts their outcomes, and starts a fresh one, as a replay of that file alone would.
 *
 * <p>It also counts each packet in the replay's {@link PhaseClock}. Used on the replay thread only.
 */
final class ReplayPath implements PacketHandler {

    /**
     * How far a file's first packet may lie before the latest packet of the files before it and still continue them:
     * a capture's timestamps step back a little where packets from several NIC queues meet, but a file given again
     * or a capture made earlier goes back by its whole length.
     */
    private static final long REORDERING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger log = LoggerFactory.getLogger(ReplayPath.class);

    private final Sensor sensor;
    private final PhaseClock phases;
    private Inspection inspection;
    private PacketHandler handler;
    private boolean fileStarted;
    private String file;
    private long latestNanos = Long.MIN_VALUE;

    ReplayPath(Sensor sensor, PhaseClock phases) {
        this.sensor = sensor;
        this.phases = phases;
    }

    /** A file begins: its first packet decides whether it continues the files before it. */
    void startFile(String name) {
        fileStarted = false;
        file = name;
    }

    @Override
    public void onPacket(int linkType, byte[] data, int captureLength, int wireLength, long timestampNanos) {
        if (!fileStarted) {
            fileStarted = true;
            if (inspection != null && timestampNanos < latestNanos - REORDERING_NANOS) {
                // Rotated files named file, file1, ..., file10 sort out of time order: say why they are not joined.
                log.info(
                        "{} begins {} s before the packets read before it: inspected as a capture of its own (files "
                                + "given in time order are read as one capture)",
                        file,
                        (latestNanos - timestampNanos) / 1_000_000_000L);
                end();
            }
            if (inspection == null) {
                inspection = Inspection.of(sensor);
                handler = inspection.handler();
            }
        }
        if (timestampNanos > latestNanos) {
            latestNanos = timestampNanos;
        }
        phases.tick(timestampNanos);
        handler.onPacket(linkType, data, captureLength, wireLength, timestampNanos);
    }

    /** After the last file, or before a file that does not continue: contacts still followed get their outcome. */
    void end() {
        if (inspection != null) {
            Inspection ended = inspection;
            inspection = null;
            handler = null;
            ended.end(sensor);
        }
    }

    /**
     * How packets are inspected: on the replay thread by one per-packet path, or, with {@code inspect.workers} above
     * 1, by workers of their own, in capture order, as one path would.
     */
    private record Inspection(PacketProcessor processor, InspectionWorkers workers, InspectionWorkers.Source source) {

        /** Long enough for workers to finish a full set of queued packets on a loaded machine. */
        private static final long END_TIMEOUT_SECONDS = 300;

        static Inspection of(Sensor sensor) {
            if (sensor.workers() <= 1) {
                return new Inspection(sensor.newProcessor(true), null, null);
            }
            InspectionWorkers workers = sensor.newWorkers(true, 1);
            InspectionWorkers.Source source = workers.source(true);
            workers.start();
            return new Inspection(null, workers, source);
        }

        PacketHandler handler() {
            return processor != null ? processor : source;
        }

        /** Contacts still followed get their outcome, on the thread that followed them. */
        void end(Sensor sensor) {
            if (processor != null) {
                sensor.retire(processor);
                return;
            }
            source.end();
            try {
                if (!workers.await(END_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(
                            "inspection workers did not finish within " + END_TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
