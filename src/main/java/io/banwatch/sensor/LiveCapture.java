package io.banwatch.sensor;

import io.banwatch.dispatch.InspectionWorkers;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.source.CaptureException;
import io.banwatch.source.CaptureGroup;
import io.banwatch.source.Captures;
import io.banwatch.source.LiveOptions;
import io.banwatch.source.PacketHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures on live interfaces until stopped: one thread per interface, or with {@code capture.fanout} N one thread per
 * handle of the interface's fanout group. An interface that fails while read is reopened by its
 * {@link InterfaceReader}; only a failure to open it at start ends the capture.
 *
 * <p>Each capture thread inspects what it reads with a per-packet path of its own, or, with {@code inspect.workers}
 * more than 1, hands it to the workers all interfaces share. With fanout the kernel has already put both directions of
 * a flow on one thread, so in-place inspection copies nothing; the DNS-answer map is the sensor's one map either way.
 */
public final class LiveCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveCapture.class);

    private final Sensor sensor;
    private final List<CaptureGroup> captures = new ArrayList<>();
    private final List<InterfaceReader> readers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch finished;
    private final AtomicReference<CaptureException> failure = new AtomicReference<>();
    private final ScheduledExecutorService statsPoller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "banwatch-pcap-stats");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;
    /** Inspection workers shared by every interface, or null when each capture thread inspects what it reads. */
    private InspectionWorkers workers;

    private LiveCapture(Sensor sensor, int count) {
        this.sensor = sensor;
        this.finished = new CountDownLatch(count);
    }

    /**
     * Opens every interface (all or none: a failure closes those already open), applies the filter and starts one
     * capture thread per interface.
     *
     * @param filter {@code auto}, {@code none} or a BPF expression
     */
    public static LiveCapture start(
            Sensor sensor,
            List<String> interfaces,
            LiveOptions options,
            String filter,
            List<Integer> serverPorts,
            int statsIntervalSeconds)
            throws CaptureException {
        LiveCapture live = new LiveCapture(sensor, interfaces.size());
        Replay.Options filterOptions = new Replay.Options(filter, serverPorts, false);
        int fanout = sensor.config().capture().fanout();
        try {
            for (String name : interfaces) {
                CaptureGroup capture =
                        Captures.openGroup(name, options, fanout, handle -> Replay.applyFilter(handle, filterOptions));
                live.captures.add(capture);
                if (!PacketProcessor.supports(capture.linkType())) {
                    log.warn(
                            "{}: link type {} is not decoded by banwatch; its packets are counted and skipped",
                            name,
                            capture.linkType());
                }
                if (capture.size() > 1) {
                    log.info(
                            "{}: {} capture threads, one handle each in PACKET_FANOUT group {} (flow hash, IPv4 "
                                    + "defragmented)",
                            name,
                            capture.size(),
                            capture.fanoutId());
                }
                sensor.addSource(capture.stats());
            }
        } catch (CaptureException e) {
            live.captures.forEach(CaptureGroup::close);
            throw e;
        }
        int captureThreads = live.captures.stream().mapToInt(CaptureGroup::size).sum();
        if (sensor.workers() > 1) {
            // One set of workers for all interfaces: a flow whose two directions arrive on two tap ports meets
            // itself on one worker.
            live.workers = sensor.newWorkers(false, captureThreads);
        }
        for (CaptureGroup capture : live.captures) {
            InterfaceReader reader = InterfaceReader.of(capture, options, filterOptions);
            sensor.addInterface(reader.state());
            live.readers.add(reader);
            List<InspectionWorkers.Source> sources = new ArrayList<>();
            for (int i = 0; live.workers != null && i < capture.size(); i++) {
                sources.add(live.workers.source(false));
            }
            Thread thread = new Thread(
                    () -> live.capture(reader, capture.size(), sources), "banwatch-capture-" + capture.name());
            live.threads.add(thread);
            thread.start();
        }
        if (live.workers != null) {
            live.workers.start();
        }
        live.statsPoller.scheduleAtFixedRate(
                () -> live.readers.forEach(InterfaceReader::updateDrops),
                statsIntervalSeconds,
                statsIntervalSeconds,
                TimeUnit.SECONDS);
        sensor.ready();
        return live;
    }

    /**
     * Reads one interface with its {@code threads} capture threads (this one and those its group starts).
     *
     * @param sources one hand-off to the inspection workers per capture thread, or none to inspect on each thread
     */
    private void capture(InterfaceReader reader, int threads, List<InspectionWorkers.Source> sources) {
        List<PacketProcessor> processors = new ArrayList<>();
        for (int i = 0; sources.isEmpty() && i < threads; i++) {
            processors.add(sensor.newProcessor(false));
        }
        List<? extends PacketHandler> handlers = sources.isEmpty() ? processors : sources;
        try {
            reader.run(handlers);
            if (!stopping) {
                failure.compareAndSet(null, new CaptureException(reader.name() + ": capture ended unexpectedly"));
            }
        } finally {
            // Every thread of the group has ended (the group waits for them), so their paths may end here.
            processors.forEach(sensor::retire);
            sources.forEach(InspectionWorkers.Source::end); // the workers retire their paths after the last source
            finished.countDown();
        }
    }

    /**
     * Waits until {@link #close()} is called (normal shutdown) or a capture thread ends on its own.
     *
     * @throws CaptureException the first capture failure, if a thread ended because of one
     */
    public void awaitEnd() throws InterruptedException, CaptureException {
        while (!finished.await(1, TimeUnit.SECONDS)) {
            if (failure.get() != null) {
                break;
            }
        }
        CaptureException e = failure.get();
        if (e != null && !stopping) {
            throw e;
        }
    }

    @Override
    public void close() {
        stopping = true;
        statsPoller.shutdownNow();
        readers.forEach(InterfaceReader::stop);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        readers.forEach(InterfaceReader::close);
        if (workers != null) {
            try {
                workers.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
