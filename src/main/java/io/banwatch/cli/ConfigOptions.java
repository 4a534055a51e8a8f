package io.banwatch.cli;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -c FILE}: the configuration, shared by the commands that run a sensor. */
final class ConfigOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Configuration file (default: built-in defaults; see config/banwatch.yaml). "
                    + "BANWATCH_* environment variables override it.")
    Path file;

    BanwatchConfig load() {
        return file == null ? ConfigLoader.defaults(System.getenv()) : ConfigLoader.load(file, System.getenv());
    }
}
