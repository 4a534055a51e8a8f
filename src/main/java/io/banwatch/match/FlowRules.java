package io.banwatch.match;

import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import java.util.Arrays;
import java.util.List;

/**
 * The compiled {@code signatures} and {@code ports} entries of a matcher's catalogs: rules for flows recognised
 * without a name, looked up by protocol and by transport and port without allocating. On the same protocol or port
 * the earlier catalog wins.
 */
final class FlowRules {

    private final CompiledRule[] byProtocol = new CompiledRule[Protocol.values().length];
    /** Sorted keys (transport ordinal << 16 | port), with the rule of each key at the same index. */
    private final int[] portKeys;

    private final CompiledRule[] portRules;

    /**
     * @param views receives one {@link RuleView} per entry, in catalog order
     */
    FlowRules(List<CompiledVendor> vendors, List<RuleView> views) {
        int portCount = 0;
        for (CompiledVendor vendor : vendors) {
            portCount += vendor.catalog.ports().size();
        }
        long[] keyed = new long[portCount]; // key << 32 | index into rules, so that sorting keeps them together
        CompiledRule[] rules = new CompiledRule[portCount];
        int n = 0;
        for (CompiledVendor vendor : vendors) {
            VendorCatalog catalog = vendor.catalog;
            for (SignatureRule signature : catalog.signatures()) {
                int slot = signature.protocol().ordinal();
                if (byProtocol[slot] == null) {
                    byProtocol[slot] = new CompiledRule(
                            vendor, signature.id(), signature.category(), signature.description(), 0, 0);
                }
                views.add(new RuleView(
                        catalog.id(),
                        RuleView.KIND_SIGNATURE,
                        signature.id(),
                        signature.category(),
                        null,
                        signature.description(),
                        signature.source()));
            }
            for (PortRule port : catalog.ports()) {
                rules[n] = new CompiledRule(vendor, port.text(), port.category(), port.description(), 0, 0);
                keyed[n] = (long) key(port.transport(), port.port()) << 32 | n;
                n++;
                views.add(new RuleView(
                        catalog.id(),
                        RuleView.KIND_PORT,
                        port.text(),
                        port.category(),
                        null,
                        port.description(),
                        port.source()));
            }
        }
        Arrays.sort(keyed); // stable for equal keys through the index in the low bits: the earlier catalog first
        int[] keys = new int[portCount];
        CompiledRule[] sorted = new CompiledRule[portCount];
        int unique = 0;
        for (long entry : keyed) {
            int key = (int) (entry >>> 32);
            if (unique > 0 && keys[unique - 1] == key) {
                continue;
            }
            keys[unique] = key;
            sorted[unique++] = rules[(int) entry];
        }
        this.portKeys = Arrays.copyOf(keys, unique);
        this.portRules = Arrays.copyOf(sorted, unique);
    }

    /** The signature rule for observations of {@code protocol}, or null. */
    CompiledRule signature(Protocol protocol) {
        return byProtocol[protocol.ordinal()];
    }

    /** The port rule for connections to {@code port} over {@code transport}, or null. */
    CompiledRule port(Transport transport, int port) {
        int at = Arrays.binarySearch(portKeys, key(transport, port));
        return at < 0 ? null : portRules[at];
    }

    private static int key(Transport transport, int port) {
        return transport.ordinal() << 16 | (port & 0xffff);
    }
}
