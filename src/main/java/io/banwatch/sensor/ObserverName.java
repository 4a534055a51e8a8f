package io.banwatch.sensor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The sensor's name in streamed events (ECS {@code observer.name}): {@code observer.name}, or the host name. */
final class ObserverName {

    // The kernel's host name (what gethostname(2) returns) without a DNS lookup, which could hang at start when
    // the resolver is unreachable, as it may be on a sensor.
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private ObserverName() {}

    static String resolve(String configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            String name = Files.readString(KERNEL_HOSTNAME).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: ask Java below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
