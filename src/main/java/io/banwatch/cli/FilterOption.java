package io.banwatch.cli;

import io.banwatch.config.BanwatchConfig;
import picocli.CommandLine.Option;

/** {@code --bpf EXPR}: the capture filter for this run, in place of {@code capture.filter}. */
final class FilterOption {

    @Option(
            names = "--bpf",
            paramLabel = "EXPR",
            description = "BPF filter instead of capture.filter (auto, none, or an expression).")
    String expression;

    /** The filter to install: the option when given, else the configuration's. */
    String filter(BanwatchConfig settings) {
        return expression != null ? expression : settings.capture().filter();
    }
}
