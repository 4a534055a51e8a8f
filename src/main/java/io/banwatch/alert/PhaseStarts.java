package io.banwatch.alert;

import java.time.Instant;
import java.util.Map;

/** When a vendor's policy phase began, so alert messages can say how long after a ban traffic was seen. */
@FunctionalInterface
public interface PhaseStarts {

    /** No phase dates known: messages leave out how long after the ban the traffic was seen. */
    PhaseStarts UNKNOWN = (vendor, phase) -> null;

    /** @return the phase's start, or null when unknown */
    Instant startOf(String vendor, String phase);

    /** Phase starts per vendor and phase name, as the vendor catalogs define them. */
    static PhaseStarts of(Map<String, Map<String, Instant>> startsByVendor) {
        Map<String, Map<String, Instant>> copy = Map.copyOf(startsByVendor);
        return (vendor, phase) -> {
            Map<String, Instant> phases = copy.get(vendor);
            return phases == null ? null : phases.get(phase);
        };
    }
}
