package io.banwatch.attribute;

import io.banwatch.inspect.Observation;
import io.banwatch.match.CatalogMatcher;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Chooses the name to attribute to a flow that carries none: of the names that resolved to its destination (see
 * {@link DnsAddressMap#lookup}), the first one a catalog rule matches, otherwise the first one, so that a flow to an
 * address shared by a vendor name and another name is reported with the vendor name. Not thread-safe: one instance
 * per capture thread.
 */
public final class NameAttribution {

    private final DnsAddressMap addresses;
    private final Supplier<CatalogMatcher> matcher;
    private final String[] candidates;
    /** Made once: the packet time of the answer being learned is a field, so learning allocates no lambda. */
    private final Predicate<String> vendorName;

    private long learningAt;
    /** Run before the shared address map is read or written; orders it across inspection workers in a replay. */
    private Runnable ordering = () -> {};

    /** @param matcher read at each attribution, so that a reloaded catalog takes effect at once */
    public NameAttribution(DnsAddressMap addresses, Supplier<CatalogMatcher> matcher) {
        this.addresses = addresses;
        this.matcher = matcher;
        this.candidates = new String[addresses.limits().maxNamesPerAddress()];
        this.vendorName = name -> this.matcher.get().matchHost(name, learningAt) != null;
    }

    /**
     * Learns the addresses of a DNS answer observation; every other observation is ignored. An answer with a name the
     * catalog matches marks its addresses as a vendor's, which the map keeps when it must forget others.
     */
    public void learn(Observation observation) {
        ordering.run();
        learningAt = observation.timestampNanos();
        addresses.learn(observation, vendorName);
    }

    /**
     * The name to attribute to a flow from {@code client} to {@code destination} at {@code nowNanos}, or null when no
     * unexpired DNS answer resolved a name to the destination.
     */
    public String nameFor(byte[] destination, int length, byte[] client, int clientLength, long nowNanos) {
        ordering.run();
        int count = addresses.lookup(destination, length, client, clientLength, nowNanos, candidates);
        if (count == 0) {
            return null;
        }
        String chosen = candidates[0];
        CatalogMatcher catalog = matcher.get();
        for (int i = 0; i < count; i++) {
            if (catalog.matchHost(candidates[i], nowNanos) != null) {
                chosen = candidates[i];
                break;
            }
        }
        for (int i = 0; i < count; i++) {
            candidates[i] = null;
        }
        return chosen;
    }

    /**
     * Runs {@code barrier} before every learn and lookup: an inspection worker of a replay waits there until the
     * other workers have inspected every packet before the current one, so the map holds exactly the answers one
     * thread would have learned by then. Call before the first packet.
     */
    public void orderBy(Runnable barrier) {
        this.ordering = barrier;
    }

    /** The address map, for its size. */
    public DnsAddressMap addresses() {
        return addresses;
    }
}
