package io.banwatch.alert;

import io.banwatch.match.Category;
import io.banwatch.match.PolicyPhases;
import io.banwatch.match.VendorCatalog;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which matches raise an alert, and when their phase began; from the vendor catalogs' {@code alerts} sections. */
public interface AlertPolicy {

    /** Update and KSN contacts in {@code updates_banned}, with no phase dates: for tests and tools. */
    AlertPolicy DEFAULT = new AlertPolicy() {
        @Override
        public boolean alerts(String vendor, String phase, Category category) {
            return PolicyPhases.DEFAULT_ALERT_PHASE.equals(phase)
                    && (category == Category.UPDATE || category == Category.KSN);
        }

        @Override
        public Instant phaseStart(String vendor, String phase) {
            return null;
        }
    };

    /** True when a match of the vendor's {@code category} in {@code phase} raises an alert. */
    boolean alerts(String vendor, String phase, Category category);

    /** When the vendor's phase began, or null when unknown. */
    Instant phaseStart(String vendor, String phase);

    /** The policy of the loaded catalogs. */
    static AlertPolicy of(List<VendorCatalog> catalogs) {
        Map<String, PolicyPhases> byVendor = new HashMap<>();
        for (VendorCatalog catalog : catalogs) {
            byVendor.put(catalog.id(), catalog.policy());
        }
        return new AlertPolicy() {
            @Override
            public boolean alerts(String vendor, String phase, Category category) {
                PolicyPhases policy = byVendor.get(vendor);
                return policy != null && policy.alerts(phase, category);
            }

            @Override
            public Instant phaseStart(String vendor, String phase) {
                PolicyPhases policy = byVendor.get(vendor);
                Long start = policy == null ? null : policy.startNanosOf(phase);
                return start == null ? null : io.banwatch.event.Timestamps.toInstant(start);
            }
        };
    }
}
