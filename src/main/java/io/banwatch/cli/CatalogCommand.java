package io.banwatch.cli;

import io.banwatch.match.CatalogLoader;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Phase;
import io.banwatch.match.RuleView;
import io.banwatch.match.VendorCatalog;
import io.banwatch.sensor.Catalogs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code banwatch catalog}: list, try and check vendor catalogs. */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = "List the vendor catalog, match names against it, or check a catalog file.",
        subcommands = {CatalogCommand.ListRules.class, CatalogCommand.MatchNames.class, CatalogCommand.Validate.class})
final class CatalogCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Print every rule of the configured catalogs (tab-separated: vendor, kind, pattern, "
                    + "category, confidence, description, source), then each vendor's policy phases and which "
                    + "categories raise alerts in which phase.")
    static final class ListRules implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigOptions config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<VendorCatalog> catalogs = Catalogs.load(config.load().catalog());
            out.println("VENDOR\tKIND\tPATTERN\tCATEGORY\tCONFIDENCE\tDESCRIPTION\tSOURCE");
            for (RuleView rule : CatalogMatcher.of(catalogs).rules()) {
                out.println(String.join(
                        "\t",
                        rule.vendor(),
                        rule.kind(),
                        rule.pattern(),
                        rule.category().label(),
                        rule.confidence() == null
                                ? "-"
                                : rule.confidence().name().toLowerCase(java.util.Locale.ROOT),
                        oneLine(rule.description()),
                        oneLine(rule.source())));
            }
            for (VendorCatalog catalog : catalogs) {
                out.println();
                out.println("# " + catalog.displayName() + " (" + catalog.id() + ") policy phases");
                for (Phase phase : catalog.policy().phases()) {
                    out.println("# " + phase.name() + " from " + phase.start() + ": " + oneLine(phase.description()));
                }
                catalog.policy()
                        .alertTable()
                        .forEach((phase, categories) -> out.println("# alerts in " + phase + ": "
                                + (categories.isEmpty()
                                        ? "none"
                                        : categories.stream()
                                                .map(io.banwatch.match.Category::label)
                                                .collect(java.util.stream.Collectors.joining(", ")))));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "match",
            mixinStandardHelpOptions = true,
            description = "Match host names or JA4 fingerprints against the configured catalogs; one line per "
                    + "argument: NAME<TAB>VENDOR<TAB>CATEGORY<TAB>RULE, or NAME<TAB>- when no rule matches.")
    static final class MatchNames implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        ConfigOptions config;

        @Parameters(
                arity = "1..*",
                paramLabel = "NAME",
                description = "Host names, for example s07.upd.kaspersky.com, or JA4 fingerprints, for example "
                        + "t13d1516h2_8daaf6152771_e5627efa2ab1 (matched against the ja4: rules)")
        List<String> names;

        @Override
        public Integer call() {
            CatalogMatcher matcher = Catalogs.matcher(config.load().catalog());
            PrintWriter out = spec.commandLine().getOut();
            names.forEach(name -> out.println(matcher.describeMatch(name)));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = "Check a vendor catalog file; prints every problem with its key path. Exit 0 when valid, "
                    + "2 when not.")
    static final class Validate implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A vendor catalog in YAML (see docs/CATALOG.md).")
        Path file;

        @Override
        public Integer call() {
            VendorCatalog catalog = CatalogLoader.load(file);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: valid catalog of %s (%s): %d rules, %d domains, %d HTTP path rules, %d phases%n",
                            file,
                            catalog.displayName(),
                            catalog.id(),
                            catalog.rules().size() + catalog.fingerprints().size(),
                            catalog.domains().size(),
                            catalog.httpPaths().size(),
                            catalog.policy().phases().size());
            return ExitCodes.OK;
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\t', ' ').strip();
    }
}
