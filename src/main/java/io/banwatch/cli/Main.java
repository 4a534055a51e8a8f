package io.banwatch.cli;

import io.banwatch.api.ApiBindException;
import io.banwatch.config.ConfigException;
import io.banwatch.match.BuiltInCatalogs;
import io.banwatch.match.CatalogException;
import io.banwatch.source.CaptureException;
import io.banwatch.source.Captures;
import io.banwatch.store.StoreException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code banwatch} command: wiring only; each subcommand is a class of its own. */
@Command(
        name = "banwatch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = {
            "Passive monitor for hosts that still reach Kaspersky's update, cloud (KSN), licensing and management "
                    + "services after the US ban (89 FR 52434; updates and KSN banned from 2024-09-29 00:00 EDT).",
            "Reads DNS, the TLS server name (SNI) over TCP on any port and in QUIC Initials, and plain-HTTP Host and "
                    + "path, from a live interface or capture files."
        },
        footer = {
            "",
            "Exit status: 0 success (also a stop by SIGINT or SIGTERM that flushed everything), 1 runtime failure "
                    + "(a damaged capture, an interface that fails), 2 usage or configuration error.",
            "Documentation: README.md"
        })
public final class Main implements Runnable {

    /**
     * The subcommands, in the order the usage lists them. picocli reads a command's annotations, mixins and their
     * options by reflection when it is registered, about 20 ms of a start apiece, so a command line that names one
     * registers only that one; anything else (help, a typo, no command) gets them all, for the listing and for
     * picocli's "did you mean".
     */
    private static final List<String> SUBCOMMANDS =
            List.of("run", "replay", "demo", "query", "report", "catalog", "interfaces", "help");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The commands that read packets, which load libpcap while their options and configuration are read. */
    private static final List<String> CAPTURING = List.of("run", "replay", "demo", "interfaces");

    /** The commands that start a sensor, which parse the built-in catalogs while the rest of their start goes on. */
    private static final List<String> SENSING = List.of("run", "replay", "demo");

    public static void main(String[] args) {
        Signals.enable();
        io.banwatch.source.FatalErrors.installHandler();
        // After logging is set up: loading may log (pcap4j, JNA), and must not race its set-up.
        if (args.length > 0 && CAPTURING.contains(args[0])) {
            Captures.loadLibpcapInBackground();
        }
        if (args.length > 0 && SENSING.contains(args[0])) {
            BuiltInCatalogs.parseInBackground();
        }
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status, printing errors as single lines. */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** The same with other output streams (null: standard output and error), for tests and embedding. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        if (args.length > 0 && !"help".equals(args[0]) && SUBCOMMANDS.contains(args[0])) {
            cli.addSubcommand(args[0], subcommand(args[0]));
        } else {
            for (String name : SUBCOMMANDS) {
                cli.addSubcommand(name, subcommand(name));
            }
        }
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("banwatch: " + e.getMessage());
            e.getCommandLine()
                    .getErr()
                    .println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName()
                            + " --help' for more information.");
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    private static Object subcommand(String name) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "replay" -> new ReplayCommand();
            case "demo" -> new DemoCommand();
            case "query" -> new QueryCommand();
            case "report" -> new ReportCommand();
            case "catalog" -> new CatalogCommand();
            case "interfaces" -> new InterfacesCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        String message = e.getMessage();
        int status;
        if (e instanceof ConfigException || e instanceof CatalogException || e instanceof UsageException) {
            status = ExitCodes.USAGE;
        } else if (e instanceof CaptureException capture) {
            status = capture.isUsageError() ? ExitCodes.USAGE : ExitCodes.RUNTIME_FAILURE;
        } else if (e instanceof ApiBindException || e instanceof CommandFailure || e instanceof StoreException) {
            status = ExitCodes.RUNTIME_FAILURE;
        } else {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("internal error", e);
            message = "internal error: " + e + " (details in the log above)";
            status = ExitCodes.RUNTIME_FAILURE;
        }
        for (String line : message.split("\n")) {
            cli.getErr().println("banwatch: " + line);
        }
        return status;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
