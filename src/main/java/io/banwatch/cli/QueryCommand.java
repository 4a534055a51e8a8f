package io.banwatch.cli;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.store.EventFilter;
import io.banwatch.store.EventStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code banwatch query hosts|events|alerts}: what the event store knows, filtered, as a table, JSON lines or CSV. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Ask the event store (store.path, filled by run, replay and demo): which hosts reached vendor services, "
                    + "since when, and what happened."
        },
        subcommands = {QueryCommand.Hosts.class, QueryCommand.Events.class, QueryCommand.Alerts.class})
final class QueryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to query: hosts, events or alerts");
    }

    /** Reads one kind of row from the store. */
    @FunctionalInterface
    interface Fetch<R> {
        List<R> from(EventStore store, EventFilter filter) throws SQLException;
    }

    /** Prints rows in the chosen format. */
    @FunctionalInterface
    interface Print<R> {
        void to(PrintWriter out, List<R> rows, QueryOptions.Format format);
    }

    /** What every query subcommand does: load the configuration, ask the store, print the answer. */
    static <R> int answer(
            CommandLine.Model.CommandSpec spec,
            ConfigOptions config,
            QueryOptions query,
            Fetch<R> fetch,
            Print<R> print)
            throws SQLException {
        if (query.url != null) {
            return RemoteQuery.answer(
                    spec.commandLine().getOut(),
                    query.url,
                    spec.name(),
                    query,
                    System.console() != null,
                    System.getenv(RemoteQuery.TOKEN_VARIABLE));
        }
        BanwatchConfig settings = config.load();
        EventFilter filter = query.filter(Instant.now());
        List<R> rows;
        try (EventStore store = open(settings)) {
            rows = fetch.from(store, filter);
        }
        PrintWriter out = spec.commandLine().getOut();
        print.to(out, rows, query.format(System.console() != null));
        out.flush();
        return ExitCodes.OK;
    }

    /** Opens the configured store for reading; a missing store is an error that says how one is made. */
    static EventStore open(BanwatchConfig settings) {
        Path path = Path.of(settings.store().path());
        if (!settings.store().central() && !Files.exists(path)) {
            throw new UsageException("no event store at " + path + " (store.path): run, replay or demo fill it, "
                    + "for example: banwatch replay capture.pcap");
        }
        return EventStore.open(settings.store()); // with its store.cache_mib, as the sensor opens it
    }

    @Command(
            name = "hosts",
            mixinStandardHelpOptions = true,
            description =
                    "The host inventory: per vendor and host, "
                            + "first and last contact, contacts (after the ban), categories, names, worst severity and outcome.")
    static final class Hosts implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigOptions config;

        @Mixin
        QueryOptions query;

        @Override
        public Integer call() throws SQLException {
            return answer(spec, config, query, (store, f) -> store.read(q -> q.hosts(f)), QueryOutput::hosts);
        }
    }

    @Command(
            name = "events",
            mixinStandardHelpOptions = true,
            description = "Stored events, newest first: matched "
                    + "contacts and their outcomes, as event JSON (ECS) or a table.")
    static final class Events implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigOptions config;

        @Mixin
        QueryOptions query;

        @Override
        public Integer call() throws SQLException {
            return answer(spec, config, query, (store, f) -> store.read(q -> q.events(f)), QueryOutput::events);
        }
    }

    @Command(
            name = "alerts",
            mixinStandardHelpOptions = true,
            description = "Alerts raised, most recently raised first, each at its latest revision: host, vendor, "
                    + "category, severity, first and last contact, count, outcome.")
    static final class Alerts implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigOptions config;

        @Mixin
        QueryOptions query;

        @Override
        public Integer call() throws SQLException {
            return answer(spec, config, query, (store, f) -> store.readAlerts(q -> q.alerts(f)), QueryOutput::alerts);
        }
    }
}
