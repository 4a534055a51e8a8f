package io.banwatch.cli;

import io.banwatch.sensor.Sensor;
import picocli.CommandLine.Option;

/** {@code --no-store}: leave the event store ({@code store.*}) alone for this run. */
final class StoreOption {

    @Option(
            names = "--no-store",
            description = "Do not keep this run's events in the event store (store.path); the store is on by default "
                    + "so that `banwatch query` can answer afterwards.")
    boolean noStore;

    Sensor.StoreMode mode(Sensor.StoreMode whenOn) {
        return noStore ? Sensor.StoreMode.OFF : whenOn;
    }
}
