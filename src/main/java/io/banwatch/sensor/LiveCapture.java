package io.banwatch.sensor;

import io.banwatch.dispatch.InspectionWorkers;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.source.LiveOptions;
import io.banwatch.source.PcapCapture;
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
 * Captures on live interfaces, one thread per interface, until stopped. An interface that fails while read is reopened
 * by its {@link InterfaceReader}; only a failure to open it at start ends the capture.
 */
public final class LiveCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveCapture.class);

    private final Sensor sensor;
    private final List<PcapCapture> captures = new ArrayList<>();
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
        try {
            for (String name : interfaces) {
                PcapCapture capture = Captures.openInterface(name, options);
                live.captures.add(capture);
                if (!PacketProcessor.supports(capture.linkType())) {
                    log.warn(
                            "{}: link type {} is not decoded by banwatch; its packets are counted and skipped",
                            name,
                            capture.linkType());
                }
                Replay.applyFilter(capture, new Replay.Options(filter, serverPorts, false));
                sensor.addSource(capture.stats());
            }
        } catch (CaptureException e) {
            live.captures.forEach(PcapCapture::close);
            throw e;
        }
        Replay.Options filterOptions = new Replay.Options(filter, serverPorts, false);
        if (sensor.workers() > 1) {
            // One set of workers for all interfaces: a flow whose two directions arrive on two tap ports meets
            // itself on one worker.
            live.workers = sensor.newWorkers(false, live.captures.size());
        }
        for (PcapCapture capture : live.captures) {
            InterfaceReader reader = InterfaceReader.of(capture, options, filterOptions);
            sensor.addInterface(reader.state());
            live.readers.add(reader);
            InspectionWorkers.Source source = live.workers == null ? null : live.workers.source(false);
            Thread thread = new Thread(() -> live.capture(reader, source), "banwatch-capture-" + capture.name());
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

    /** @param source the hand-off to the inspection workers, or null to inspect on this thread */
    private void capture(InterfaceReader reader, InspectionWorkers.Source source) {
        PacketProcessor processor = source == null ? sensor.newProcessor(false) : null;
        try {
            reader.run(source == null ? processor : source);
            if (!stopping) {
                failure.compareAndSet(null, new CaptureException(reader.name() + ": capture ended unexpectedly"));
            }
        } finally {
            if (source == null) {
                sensor.retire(processor);
            } else {
                source.end(); // the workers retire their paths after the last interface ends
            }
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
