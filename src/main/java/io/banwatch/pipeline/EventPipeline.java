package io.banwatch.pipeline;

import io.banwatch.alert.AlertDispatcher;
import io.banwatch.alert.AlertPolicy;
import io.banwatch.alert.AlertSink;
import io.banwatch.event.Event;
import io.banwatch.inspect.Protocol;
import io.banwatch.metrics.BanwatchMeters;
import io.banwatch.metrics.DropReason;
import io.banwatch.metrics.OffenderSeries;
import io.banwatch.metrics.QueueDropKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Promise;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * Carries events from capture threads to the sinks on one Netty event loop. Capture threads hand events over
 * through a bounded lock-free queue (JCTools' multi-producer, single-consumer array queue; {@link #offer} drops and
 * counts when it is full, {@link #put} waits); the loop drains it in batches, each one read, into the pipeline of a
 * local-transport channel, which holds dedup and enrichment, metrics, the optional observations writer, the event
 * sinks (Kafka), alerts and the summary, in that order.
 *
 * <p>Only what a sink needs is queued: matches and outcomes always, an unmatched observation only when the
 * observations writer or a sink asked for every observation. Otherwise the capture thread counts it (in
 * {@code banwatch_observations_total} and the summary) and hands nothing over: most observations match nothing,
 * and moving them to another thread only to count them cost more than inspecting them.
 */
public final class EventPipeline implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventPipeline.class);

    /** The {@code source} label of {@code banwatch_capture_drops_total{reason="queue"}}: events this pipeline lost. */
    public static final String DROP_SOURCE = "pipeline";

    // Events passed to the handlers per drain task: large enough to amortise the task and the handlers' end-of-read
    // work, small enough that other tasks on the loop (barriers, close) wait at most a few milliseconds.
    static final int DRAIN_BATCH = 1_024;

    // How long put() parks between attempts while the queue is full; replay waits at most this long after room
    // appears, which is noise next to reading the capture.
    private static final long PUT_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    // The event loop drains the queue on this tick instead of being woken for every event: a wake-up costs a few
    // microseconds, more than the rest of the hand-off, and an event waits at most this long, which nobody notices.
    private static final long DRAIN_TICK_MICROS = 1_000;

    // Queued events at which a producer wakes the loop at once rather than waiting for the tick, so a burst is
    // drained before it can fill the queue.
    private static final int WAKE_AT = DRAIN_BATCH;

    private final int capacity;
    // Multi-producer (capture threads, inspection workers), single consumer (the event loop: drain and barriers run
    // there only). Sized by pipeline.queue_capacity; QueueBound admits at most that many, so offer() finds room.
    private final MpscAtomicArrayQueue<Event> queue;
    /** Whether unmatched observations are queued: the observations writer or a sink reads every observation. */
    private final boolean everyObservation;
    /** banwatch_observations_total by protocol ordinal: the series MetricsHandler counts queued observations in. */
    private final Counter[] observed = new Counter[Protocol.values().length];
    /** Unmatched observations counted on the capture thread and not queued, by protocol ordinal, for the summary. */
    private final LongAdder[] notQueued = new LongAdder[Protocol.values().length];
    // Events reserved or queued and not yet drained, in events and bytes: the queue's bound.
    private final QueueBound queued;
    private final LongAdder queueDrops = new LongAdder();
    // The same drops by kind, indexed by QueueDropKind ordinal: shows that a flood cost noise, not matches.
    private final LongAdder[] queueDropsByKind = new LongAdder[QueueDropKind.values().length];
    /** Netty logs and swallows what a task throws; an Error must end the process instead (see FatalErrors). */
    private final Runnable drainTask = () -> {
        try {
            drain();
        } catch (Error e) {
            io.banwatch.source.FatalErrors.halt("the event pipeline", e);
        }
    };

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Channel server;
    private final Channel client;
    private final Channel child;
    private final SummaryHandler summary = new SummaryHandler();
    private final AlertHandler alerts;
    private final AlertDispatcher dispatcher;
    private final Duration alertFlushTimeout;
    private volatile boolean closed;

    private EventPipeline(Builder builder) {
        PipelineSettings settings = builder.settings;
        this.capacity = settings.queueCapacity();
        this.queued = new QueueBound(capacity, builder.maxQueuedBytes);
        this.queue = new MpscAtomicArrayQueue<>(Math.max(capacity, 2));
        this.everyObservation = builder.observations != null || builder.everyObservation;
        BanwatchMeters.CAPTURE_DROPS
                .functionCounter(queueDrops, LongAdder::sum)
                .tags(BanwatchMeters.SOURCE, DROP_SOURCE, BanwatchMeters.REASON, DropReason.QUEUE.label())
                .register(builder.registry);
        for (QueueDropKind kind : QueueDropKind.values()) {
            queueDropsByKind[kind.ordinal()] = new LongAdder();
            BanwatchMeters.PIPELINE_QUEUE_DROPS
                    .functionCounter(queueDropsByKind[kind.ordinal()], LongAdder::sum)
                    .tags(BanwatchMeters.KIND, kind.label())
                    .register(builder.registry);
        }
        this.dispatcher = new AlertDispatcher(builder.alertSinks, builder.registry);
        this.alertFlushTimeout = builder.alertFlushTimeout;
        this.alerts = new AlertHandler(settings.alertRenotify(), builder.alertPolicy, dispatcher, builder.registry);
        DedupEnrichHandler dedup = new DedupEnrichHandler(settings.dedupWindow(), builder.registry);
        MetricsHandler metrics = new MetricsHandler(builder.registry, settings.maxHostSeries(), builder.offenders);
        ObservationWriterHandler writer = builder.observations == null
                ? null
                : new ObservationWriterHandler(builder.observations, builder.closeObservations);
        Map<String, ChannelHandler> sinks = new LinkedHashMap<>(builder.sinks);
        for (Protocol protocol : Protocol.values()) {
            // The same counters MetricsHandler registered: Micrometer returns the meter already registered.
            observed[protocol.ordinal()] = BanwatchMeters.OBSERVATIONS
                    .counter()
                    .tag(BanwatchMeters.PROTOCOL, protocol.label())
                    .register(builder.registry);
            notQueued[protocol.ordinal()] = new LongAdder();
        }

        this.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("banwatch-pipeline", true), LocalIoHandler.newFactory());
        this.loop = group.next();
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        try {
            this.server = new ServerBootstrap()
                    .group(group)
                    .channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            ch.pipeline().addLast("dedup", dedup).addLast("metrics", metrics);
                            if (writer != null) {
                                ch.pipeline().addLast("observations", writer);
                            }
                            if (builder.store != null) {
                                ch.pipeline().addLast("store", builder.store);
                            }
                            sinks.forEach(ch.pipeline()::addLast);
                            ch.pipeline().addLast("alerts", alerts).addLast("summary", summary);
                            accepted.complete(ch);
                        }
                    })
                    .bind(LocalAddress.ANY)
                    .syncUninterruptibly()
                    .channel();
            this.client = new Bootstrap()
                    .group(group)
                    .channel(LocalChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(server.localAddress())
                    .syncUninterruptibly()
                    .channel();
            this.child = accepted.get(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            loop.scheduleAtFixedRate(drainTask, DRAIN_TICK_MICROS, DRAIN_TICK_MICROS, TimeUnit.MICROSECONDS);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("could not start the event pipeline's local channel", e);
        }
    }

    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Hands an event over without blocking; when the queue is full (or the pipeline closed) the event is dropped
     * and counted in {@code banwatch_capture_drops_total{source="pipeline",reason="queue"}} and, by kind, in
     * {@code banwatch_pipeline_queue_drops_total{kind}}.
     *
     * @return false when the event was dropped
     */
    public boolean offer(Event event) {
        if (!closed && countedOnly(event)) {
            return true;
        }
        int before = closed ? -1 : queued.reserve(QueueBound.matched(event), QueueBound.estimate(event));
        if (before < 0) {
            dropped(event);
            return false;
        }
        return enqueue(event, before);
    }

    /**
     * Hands an event over, waiting for room; for offline replay, where losing events is wrong and waiting is fine.
     * Must not be called on the pipeline's event loop.
     *
     * @throws IllegalStateException when the pipeline is closed
     */
    public void put(Event event) throws InterruptedException {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("put() on the pipeline's own event loop would wait forever");
        }
        if (closed) {
            throw new IllegalStateException("the event pipeline is closed");
        }
        if (countedOnly(event)) {
            return;
        }
        while (true) {
            if (closed) {
                throw new IllegalStateException("the event pipeline is closed");
            }
            int before = queued.reserve(QueueBound.matched(event), QueueBound.estimate(event));
            if (before >= 0) {
                if (!enqueue(event, before)) {
                    throw new IllegalStateException("the event pipeline is closed");
                }
                return;
            }
            LockSupport.parkNanos(PUT_BACKOFF_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Counts an unmatched observation that no sink reads instead of queueing it; on the calling (capture) thread.
     * LongAdder and Micrometer's counter stripe their cells by thread, so capture threads do not contend.
     */
    private boolean countedOnly(Event event) {
        if (everyObservation || event.match() != null || event.isOutcome()) {
            return false;
        }
        int protocol = event.observation().protocol().ordinal();
        observed[protocol].increment();
        notQueued[protocol].increment();
        return true;
    }

    /** Whether unmatched observations are queued (a sink reads every observation) rather than only counted. */
    public boolean queuesEveryObservation() {
        return everyObservation;
    }

    private boolean enqueue(Event event, int before) {
        if (!queue.offer(event)) {
            // Cannot happen while QueueBound admits at most the queue's capacity; counted rather than lost unseen.
            queued.release(QueueBound.matched(event), QueueBound.estimate(event));
            dropped(event);
            return false;
        }
        if (before == WAKE_AT) {
            try {
                loop.execute(drainTask);
            } catch (RejectedExecutionException e) {
                // Closed between the check and here; the event will not be processed.
                dropped(event);
                return false;
            }
        }
        return true;
    }

    /** Counts a dropped event in the contract counter and under its kind. */
    private void dropped(Event event) {
        queueDrops.increment();
        queueDropsByKind[kind(event).ordinal()].increment();
    }

    private static QueueDropKind kind(Event event) {
        if (event.isOutcome()) {
            return QueueDropKind.OUTCOME;
        }
        return QueueBound.matched(event) ? QueueDropKind.MATCHED : QueueDropKind.UNMATCHED;
    }

    /** Events dropped because the queue was full, of one kind. */
    public long queueDrops(QueueDropKind kind) {
        return queueDropsByKind[kind.ordinal()].sum();
    }

    /**
     * On the event loop: passes one batch to the handlers, as one read of the channel (each event a {@code
     * channelRead}, then one {@code channelReadComplete}, where the observations file is flushed), and reschedules
     * itself while events remain. The events enter the child channel's pipeline directly rather than being written
     * through the local channel pair: the transport's outbound buffer, queue and read per event cost about a tenth of
     * the pipeline thread's CPU on a replay of the tap capture, for nothing the handlers use.
     */
    private void drain() {
        int read = passQueued(DRAIN_BATCH);
        if (read > 0) {
            child.pipeline().fireChannelReadComplete();
        }
        // More than a batch arrived since the last tick: carry on now rather than at the next tick.
        if (read == DRAIN_BATCH && queued.events() > 0) {
            loop.execute(drainTask);
        }
    }

    /**
     * Waits until every event handed over before this call has passed every handler.
     *
     * @return false when the timeout passed first
     */
    public boolean awaitProcessed(Duration timeout) throws InterruptedException {
        Promise<Void> reached = loop.newPromise();
        loop.execute(() -> {
            // Bounded by the queue's capacity: everything handed over before the barrier goes ahead of it.
            passQueued(Integer.MAX_VALUE);
            ChannelPipeline handlers = child.pipeline();
            handlers.fireChannelRead(new Barrier(reached));
            handlers.fireChannelReadComplete();
        });
        return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On the event loop: passes up to {@code max} queued events to the handlers; returns how many. */
    private int passQueued(int max) {
        ChannelPipeline handlers = child.pipeline();
        int passed = 0;
        Event event;
        while (passed < max && (event = queue.poll()) != null) {
            queued.release(QueueBound.matched(event), QueueBound.estimate(event));
            handlers.fireChannelRead(event);
            passed++;
        }
        return passed;
    }

    /**
     * Waits until {@code sink} has finished the alerts it was given, which the events processed so far raised (after
     * {@link #awaitProcessed}: every alert of the events handed over before it).
     *
     * @return false when the timeout passed first
     */
    public boolean awaitAlertsDelivered(AlertSink sink, Duration timeout) {
        return dispatcher.awaitDelivered(timeout, s -> s == sink);
    }

    /** Totals so far; after {@link #awaitProcessed} or {@link #close} they include every event handed over. */
    public PipelineSummary summary() {
        long[] counted = new long[notQueued.length];
        for (int i = 0; i < counted.length; i++) {
            counted[i] = notQueued[i].sum();
        }
        return summary.summary(alerts.raised(), queueDrops.sum(), counted);
    }

    /** Events dropped because the queue was full. */
    public long queueDrops() {
        return queueDrops.sum();
    }

    /**
     * Processes what is queued, flushes and closes the handlers (the observations writer among them), stops the
     * event loop, waits (bounded by the alert flush timeout) for the alert sinks to deliver, and closes them. Events offered afterwards are dropped and counted.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!awaitProcessed(CLOSE_TIMEOUT)) {
                throw new IllegalStateException("the event pipeline did not drain within " + CLOSE_TIMEOUT);
            }
            child.close().syncUninterruptibly();
            client.close().syncUninterruptibly();
            server.close().syncUninterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            group.shutdownGracefully(0, CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .syncUninterruptibly();
            if (!dispatcher.awaitDelivered(alertFlushTimeout)) {
                LOG.warn(
                        "alert sinks did not finish within {} s (alerts.flush_timeout_seconds); the webhook outbox keeps what is left for the next start",
                        alertFlushTimeout.toSeconds());
            }
            dispatcher.close();
        }
    }

    /** Builds an {@link EventPipeline}; only the meter registry is required. */
    public static final class Builder {

        private final MeterRegistry registry;
        private PipelineSettings settings = PipelineSettings.defaults();
        private long maxQueuedBytes = QueueBound.DEFAULT_MAX_BYTES;
        private List<AlertSink> alertSinks = List.of();
        private AlertPolicy alertPolicy = AlertPolicy.DEFAULT;
        private Duration alertFlushTimeout = Duration.ZERO;
        private OutputStream observations;
        private boolean closeObservations;
        private boolean everyObservation;
        private StoreHandler store;
        private OffenderSeries offenders = new OffenderSeries();
        private final Map<String, ChannelHandler> sinks = new LinkedHashMap<>();

        private Builder(MeterRegistry registry) {
            this.registry = registry;
        }

        /** The queue's bound in bytes (estimated per event); unmatched observations may hold half of it. */
        Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        public Builder settings(PipelineSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder alertSinks(List<? extends AlertSink> sinks) {
            this.alertSinks = List.copyOf(sinks);
            return this;
        }

        /** Which matches raise alerts and when each vendor's phases began, from the vendor catalogs. */
        public Builder alertPolicy(AlertPolicy policy) {
            this.alertPolicy = policy;
            return this;
        }

        /** How long {@link #close} waits for the alert sinks to deliver what they hold. */
        public Builder alertFlushTimeout(Duration timeout) {
            this.alertFlushTimeout = timeout;
            return this;
        }

        /**
         * Writes every event as a JSON line ({@code --observations}).
         *
         * @param closeWhenDone false for a stream the caller owns, such as standard output
         */
        public Builder observations(OutputStream out, boolean closeWhenDone) {
            this.observations = out;
            this.closeObservations = closeWhenDone;
            return this;
        }

        /**
         * The per-host series the pipeline counts matches and outcomes into; an {@link
         * io.banwatch.metrics.OffenderMetrics} bound to the scrape exposes them. Without one they are counted unseen.
         */
        public Builder offenders(OffenderSeries series) {
            this.offenders = series;
            return this;
        }

        /** Keeps matched events in the event store. */
        public Builder store(StoreHandler handler) {
            this.store = handler;
            return this;
        }

        /**
         * Adds a sink's handler after the observations writer: it reads {@link PipelineEvent}s on the event loop,
         * must pass every message on and must never block. The pipeline does not close the sink: its owner closes it
         * after {@link EventPipeline#close()}, when no more events can arrive.
         */
        public Builder sink(String name, ChannelHandler handler) {
            return sink(name, handler, true);
        }

        /**
         * Adds a sink's handler as {@link #sink(String, ChannelHandler)} does.
         *
         * @param everyObservation whether the sink reads unmatched observations; when no sink does (and there is no
         *     observations writer) they are counted on the capture thread and never queued
         */
        public Builder sink(String name, ChannelHandler handler, boolean everyObservation) {
            this.everyObservation |= everyObservation;
            if (sinks.putIfAbsent(name, handler) != null) {
                throw new IllegalArgumentException("a sink named " + name + " is already added");
            }
            return this;
        }

        public EventPipeline build() {
            return new EventPipeline(this);
        }
    }
}
