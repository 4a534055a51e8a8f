package io.banwatch.sensor;

import io.banwatch.alert.AlertPolicy;
import io.banwatch.alert.AlertSink;
import io.banwatch.api.ApiAccess;
import io.banwatch.api.ApiRoutes;
import io.banwatch.api.HttpApiServer;
import io.banwatch.api.HttpLimits;
import io.banwatch.api.QueryRoutes;
import io.banwatch.api.QueryService;
import io.banwatch.attribute.DnsAddressMap;
import io.banwatch.attribute.NamelessSettings;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigException;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.dispatch.InspectionWorkers;
import io.banwatch.dispatch.MatchingSink;
import io.banwatch.dispatch.PacketProcessor;
import io.banwatch.event.Event;
import io.banwatch.flow.FlowPool;
import io.banwatch.inspect.blindspot.BlindSpotSettings;
import io.banwatch.inspect.blindspot.BlindSpots;
import io.banwatch.inspect.tls.TlsStats;
import io.banwatch.kafka.KafkaEventSink;
import io.banwatch.kafka.KafkaSinkHandler;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.VendorCatalog;
import io.banwatch.metrics.AnomalyMetrics;
import io.banwatch.metrics.BanwatchMeters;
import io.banwatch.metrics.BlindSpotMetrics;
import io.banwatch.metrics.BuildInfoMetrics;
import io.banwatch.metrics.CaptureMetrics;
import io.banwatch.metrics.CatalogMetrics;
import io.banwatch.metrics.DropReason;
import io.banwatch.metrics.FlowMetrics;
import io.banwatch.metrics.InterfaceMetrics;
import io.banwatch.metrics.OffenderMetrics;
import io.banwatch.metrics.OffenderSeries;
import io.banwatch.metrics.PrometheusMetrics;
import io.banwatch.outcome.ContactOutcomes;
import io.banwatch.outcome.OutcomeSettings;
import io.banwatch.outcome.Sinkholes;
import io.banwatch.pipeline.EventPipeline;
import io.banwatch.pipeline.PipelineSettings;
import io.banwatch.pipeline.StoreHandler;
import io.banwatch.source.CaptureStats;
import io.banwatch.source.InterfaceState;
import io.banwatch.store.StoreAlertSink;
import io.banwatch.store.StoreOpening;
import io.banwatch.store.StoreWriter;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One running banwatch: the catalog, the metrics registry, the event pipeline and its sinks, the HTTP server, and
 * the per-packet processors of its capture threads. Live capture and replay differ only in how sources feed it.
 */
public final class Sensor implements AutoCloseable {

    private final BanwatchConfig config;
    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final TlsStats tlsStats = new TlsStats();
    private final BlindSpots blindSpots;
    /** One map for every capture thread and worker: DNS seen on one interface names flows on another. */
    private final DnsAddressMap addresses;

    private final CatalogReloader catalog;
    private final Supplier<CatalogMatcher> matcher;
    private final Findings findings;
    private final List<PacketProcessor> processors = new CopyOnWriteArrayList<>();
    /** Flows of retired per-packet paths, for the next: a replay's fresh path for a file reuses the last path's. */
    private final FlowPool flows = new FlowPool();

    private final List<CaptureStats> sources = new CopyOnWriteArrayList<>();
    private final EventPipeline pipeline;
    private final StoreWriter storeWriter;
    /** The alert sink that keeps alerts in the store, or null with no store. */
    private final StoreAlertSink storeAlerts;

    private final OutcomeSettings outcomeSettings;
    private final KafkaEventSink kafka;
    private HttpApiServer http;
    private ApiRoutes routes;
    private volatile boolean ready;

    /**
     * @param observations where to write every observation as event JSON, or null
     * @param closeObservations whether closing the sensor closes that writer (not for standard output)
     */
    public Sensor(BanwatchConfig config, OutputStream observations, boolean closeObservations) {
        this(config, observations, closeObservations, false);
    }

    /** @param readableAlerts the log sink writes one readable line per alert instead of JSON (a person watches) */
    public Sensor(BanwatchConfig config, OutputStream observations, boolean closeObservations, boolean readableAlerts) {
        this(config, observations, closeObservations, readableAlerts, StoreMode.OFF);
    }

    /** Whether this sensor keeps events in the store of {@code store.*}, and how it hands them over. */
    public enum StoreMode {
        /** No store (tests, {@code --no-store}, or {@code store.enabled: false}). */
        OFF,
        /** Live capture: a full store queue drops and counts. */
        LIVE,
        /** Replay: waits for room, so the store holds every match of the capture. */
        REPLAY
    }

    /**
     * @param storeMode whether to open the event store ({@code store.*}); the command decides, so that a sensor made
     *     for a test or a one-off check writes no file
     */
    public Sensor(
            BanwatchConfig config,
            OutputStream observations,
            boolean closeObservations,
            boolean readableAlerts,
            StoreMode storeMode) {
        this.config = config;
        // The store opens beside the catalog's parsing and the rest of the start; the two took longest.
        StoreOpening opening =
                storeMode != StoreMode.OFF && config.store().enabled() ? StoreOpening.start(config.store()) : null;
        EventPipeline.Builder builder;
        List<AlertSink> sinks;
        try {
            this.catalog = new CatalogReloader(config.catalog(), Clock.systemUTC());
            this.matcher = catalog::matcher;
            this.findings = new Findings(matcher::get);
            this.blindSpots = blindSpots(config.blindSpots(), anomalies);
            this.addresses =
                    new DnsAddressMap(NamelessSettings.from(config.inspect()).addressMap(), anomalies);
            this.outcomeSettings = outcomeSettings(config);
            metrics.bind(BuildInfoMetrics.fromManifest())
                    .bind(new BlindSpotMetrics(blindSpots))
                    .bind(new AnomalyMetrics(anomalies))
                    .bind(new FlowMetrics(this::activeFlows))
                    .bind(new CatalogMetrics(catalog));
            sinks = new ArrayList<>(AlertSinks.build(config, metrics.registry(), readableAlerts));
            OffenderSeries offenders = new OffenderSeries();
            metrics.bind(new OffenderMetrics(offenders));
            builder = EventPipeline.builder(metrics.registry())
                    .offenders(offenders)
                    .settings(new PipelineSettings(
                            config.pipeline().queueCapacity(),
                            config.metrics().maxHostSeries(),
                            Duration.ofSeconds(config.pipeline().dedupWindowSeconds()),
                            Duration.ofSeconds(config.alerts().renotifySeconds())))
                    .alertPolicy(AlertPolicy.of(catalog.catalogs()))
                    .alertFlushTimeout(Duration.ofSeconds(config.alerts().flushTimeoutSeconds()));
            if (observations != null) {
                builder.observations(observations, closeObservations);
            }
        } catch (RuntimeException | Error e) {
            if (opening != null) {
                opening.abandon();
            }
            throw e;
        }
        if (opening != null) {
            BanwatchConfig.Store settings = config.store();
            this.storeWriter = new StoreWriter(
                    opening.join(),
                    settings.queueCapacity(),
                    Duration.ofMillis(settings.flushIntervalMillis()),
                    settings.retentionDays(),
                    Clock.systemUTC(),
                    metrics.registry());
            String observer = ObserverName.resolve(config.observer().name());
            builder.store(new StoreHandler(storeWriter, observer, storeMode == StoreMode.REPLAY));
            this.storeAlerts = new StoreAlertSink(storeWriter, observer);
            sinks.add(storeAlerts);
        } else {
            this.storeWriter = null;
            this.storeAlerts = null;
        }
        builder.alertSinks(sinks);
        BanwatchConfig.Kafka kafkaConfig = config.sinks().kafka();
        this.kafka = kafkaConfig.enabled()
                ? KafkaEventSink.start(
                        kafkaConfig, ObserverName.resolve(config.observer().name()), metrics.registry())
                : null;
        if (kafka != null) {
            builder.sink(
                    KafkaEventSink.SINK,
                    new KafkaSinkHandler(kafka, kafkaConfig.events()),
                    kafkaConfig.events() == BanwatchConfig.StreamedEvents.ALL);
        }
        try {
            this.pipeline = builder.build();
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            if (storeWriter != null) {
                storeWriter.close();
            }
            throw e;
        }
    }

    public BanwatchConfig config() {
        return config;
    }

    public PrometheusMetrics metrics() {
        return metrics;
    }

    public AnomalyCounters anomalies() {
        return anomalies;
    }

    public EventPipeline pipeline() {
        return pipeline;
    }

    /** The event store's writer, or null when this sensor keeps no store. */
    public StoreWriter store() {
        return storeWriter;
    }

    /** The Kafka sink, or null when {@code sinks.kafka.bootstrap_servers} is empty. */
    public KafkaEventSink kafka() {
        return kafka;
    }

    public Findings findings() {
        return findings;
    }

    public BlindSpots blindSpots() {
        return blindSpots;
    }

    /** The blind-spot counters from {@code blind_spots.*}; a bad resolver prefix or name is a configuration error. */
    private static BlindSpots blindSpots(BanwatchConfig.BlindSpots config, AnomalyCounters anomalies) {
        try {
            return new BlindSpots(
                    new BlindSpotSettings(config.internalResolvers(), config.dohNames(), config.maxEchOuterNames()),
                    anomalies);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("blind_spots: " + e.getMessage());
        }
    }

    /** {@code outcomes.*} with the idle timeouts of {@code inspect.*}; a bad sinkhole address is a configuration error. */
    public static OutcomeSettings outcomeSettings(BanwatchConfig config) {
        try {
            return new OutcomeSettings(
                    config.outcomes().transferBytes(),
                    TimeUnit.SECONDS.toNanos(config.outcomes().noReplySeconds()),
                    TimeUnit.SECONDS.toNanos(config.inspect().tcpIdleTimeoutSeconds()),
                    TimeUnit.SECONDS.toNanos(config.inspect().udpIdleTimeoutSeconds()),
                    Sinkholes.of(config.outcomes().sinkholeAddresses()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("outcomes.sinkhole_addresses: " + e.getMessage());
        }
    }

    /** The catalogs in use (the last good ones after a reload). */
    public List<VendorCatalog> catalogs() {
        return catalog.catalogs();
    }

    /**
     * Reads the configured catalog files again (SIGHUP) and matches with them from the next observation on; an
     * invalid file keeps the catalog in use and logs why. The alert policy (which categories alert in which phase)
     * stays the one read at start.
     *
     * @return whether the new catalog is in use
     */
    public boolean reloadCatalog() {
        return catalog.reload();
    }

    /** Starts the HTTP server on the configured address; {@code /-/ready} answers 200 once capture runs. */
    public int serveHttp() {
        if (http == null) {
            routes = ApiRoutes.standard(metrics, () -> ready)
                    .api(
                            ApiAccess.of(config.api().token()),
                            config.api().maxConcurrentRequests(),
                            Duration.ofSeconds(config.api().requestTimeoutSeconds()));
            QueryService queries = new QueryService(
                    storeWriter == null ? null : storeWriter.store(),
                    () -> matcher.get().rules());
            new QueryRoutes(queries, Clock.systemUTC()).addTo(routes);
            try {
                BanwatchConfig.Http settings = config.http();
                http = new HttpApiServer(
                        settings.host(),
                        settings.port(),
                        routes,
                        new HttpLimits(
                                settings.readTimeoutSeconds(),
                                settings.maxConnections(),
                                settings.maxConnectionsPerClient()),
                        metrics.registry());
            } catch (RuntimeException e) {
                routes.close();
                throw e;
            }
        }
        return http.port();
    }

    /** Marks the sensor ready: every source is open and reading. */
    public void ready() {
        ready = true;
    }

    /** Registers a source's counters with the metrics. */
    public void addSource(CaptureStats stats) {
        sources.add(stats);
        metrics.bind(new CaptureMetrics(List.of(stats)));
    }

    /** Registers a live interface's up gauge and reopen counter with the metrics. */
    public void addInterface(InterfaceState state) {
        metrics.bind(new InterfaceMetrics(state));
    }

    public List<CaptureStats> sources() {
        return List.copyOf(sources);
    }

    /**
     * A per-packet processor for one capture thread.
     *
     * @param lossless wait for room in the pipeline's queue (replay) instead of dropping and counting (live)
     */
    public PacketProcessor newProcessor(boolean lossless) {
        Consumer<Event> handoff = lossless ? this::putWaiting : this::offer;
        ContactOutcomes outcomes = new ContactOutcomes(outcomeSettings, anomalies, handoff, matcher::get);
        PacketProcessor processor = new PacketProcessor(
                config.inspect(),
                anomalies,
                tlsStats,
                new MatchingSink(matcher::get, handoff, outcomes),
                matcher::get,
                blindSpots,
                addresses,
                flows);
        processors.add(processor);
        return processor;
    }

    /** The {@code source} label of {@code banwatch_capture_drops_total{reason="queue"}} for packets no worker took. */
    public static final String WORKERS_DROP_SOURCE = "inspection";

    /** Inspection threads ({@code inspect.workers}); with 1 each capture thread inspects what it reads. */
    public int workers() {
        return config.inspect().workers();
    }

    /**
     * Inspection sharded over {@link #workers()} threads for {@code sources} capture threads, each worker with a
     * per-packet path of its own, retired on its thread when every source has ended. Not started.
     *
     * @param lossless sources wait for a free slot (replay) instead of dropping and counting the packet (live)
     */
    public InspectionWorkers newWorkers(boolean lossless, int sources) {
        List<PacketProcessor> paths = new ArrayList<>();
        List<Runnable> finishers = new ArrayList<>();
        for (int i = 0; i < workers(); i++) {
            PacketProcessor path = newProcessor(lossless);
            paths.add(path);
            finishers.add(() -> retire(path));
        }
        // One lossless source (a replay) is inspected in capture order where the workers share state, so that a
        // replay reports the same events however its threads ran; live capture never waits for another worker.
        boolean ordered = lossless && sources == 1;
        InspectionWorkers sharded = new InspectionWorkers("banwatch-inspect", paths, finishers, sources, ordered);
        for (int i = 0; i < paths.size(); i++) {
            paths.get(i).orderAttribution(sharded.barrier(i));
        }
        if (!lossless) {
            BanwatchMeters.CAPTURE_DROPS
                    .functionCounter(sharded, InspectionWorkers::drops)
                    .tags(BanwatchMeters.SOURCE, WORKERS_DROP_SOURCE, BanwatchMeters.REASON, DropReason.QUEUE.label())
                    .register(metrics.registry());
        }
        return sharded;
    }

    /**
     * Forgets a processor whose source has ended, so its flows leave the gauge, after its contacts still followed got
     * their outcome, and keeps its flows for the next processor. Call on the processor's capture thread.
     */
    public void retire(PacketProcessor processor) {
        processor.finish();
        processors.remove(processor);
        processor.release();
    }

    /** Live capture: the findings table serves replay summaries only, so it costs live capture nothing. */
    private void offer(Event event) {
        pipeline.offer(event);
    }

    private void putWaiting(Event event) {
        if (event.matched()) {
            findings.add(event); // contacts make rows; outcomes mark the worst outcome of their row
        }
        try {
            pipeline.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long activeFlows() {
        long flows = 0;
        for (PacketProcessor processor : processors) {
            flows += processor.activeFlows();
        }
        return flows;
    }

    /**
     * Waits until every event handed over so far has passed through the pipeline and, with a store, is written to it
     * with the alerts it raised: a replay's report, and a query right after it, see all of them.
     */
    public void drain(Duration timeout) throws InterruptedException {
        pipeline.awaitProcessed(timeout);
        if (storeWriter != null) {
            // The alerts those events raised reach the store's queue from their sink's own thread.
            pipeline.awaitAlertsDelivered(storeAlerts, timeout);
            storeWriter.awaitIdle(timeout);
        }
    }

    @Override
    public void close() {
        ready = false;
        try {
            pipeline.close();
        } finally {
            // After the pipeline: no event can reach the sinks any more; flushing waits at most their timeouts.
            if (kafka != null) {
                kafka.close();
            }
            if (storeWriter != null) {
                storeWriter.close();
            }
        }
        if (http != null) {
            http.close();
            routes.close();
        }
        metrics.close();
    }
}
