package io.banwatch.attribute;

import io.banwatch.flow.UdpFlows;
import java.util.concurrent.TimeUnit;

/**
 * Bounds of the attribution of name-less flows on one capture thread.
 *
 * @param addressMap bounds of the DNS-answer address map
 * @param maxUdpFlows UDP flows remembered so that each is reported from its first datagram only
 * @param udpIdleTimeoutSeconds a UDP flow without a datagram for this long (packet time) is new again
 */
public record NamelessSettings(AddressMapLimits addressMap, int maxUdpFlows, int udpIdleTimeoutSeconds) {

    public static final NamelessSettings DEFAULTS =
            new NamelessSettings(AddressMapLimits.DEFAULTS, UdpFlows.DEFAULT_MAX_FLOWS, (int)
                    TimeUnit.NANOSECONDS.toSeconds(UdpFlows.DEFAULT_IDLE_NANOS));

    /** The bounds configured under {@code inspect.*}. */
    public static NamelessSettings from(io.banwatch.config.BanwatchConfig.Inspect inspect) {
        var a = inspect.attribution();
        return new NamelessSettings(
                new AddressMapLimits(a.maxAddresses(), a.maxNamesPerAddress(), a.minTtlSeconds(), a.maxTtlSeconds()),
                inspect.maxUdpFlows(),
                inspect.udpIdleTimeoutSeconds());
    }

    public NamelessSettings {
        if (addressMap == null || maxUdpFlows < 1 || udpIdleTimeoutSeconds < 1) {
            throw new IllegalArgumentException("address map bounds, maxUdpFlows >= 1 and udpIdleTimeoutSeconds >= 1");
        }
    }
}
