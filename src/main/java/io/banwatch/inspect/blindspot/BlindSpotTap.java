package io.banwatch.inspect.blindspot;

import io.banwatch.decode.DecodedPacket;
import io.banwatch.flow.FlowObserver;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;

/**
 * Shows the blind-spot counters what passes on the per-packet path, without changing it: every observation on its
 * way to attribution (ClientHellos for ECH and DNS-over-HTTPS names, HTTP requests for {@code /dns-query}, DNS
 * queries for their resolver) and every new TCP connection (DNS over TLS).
 */
public final class BlindSpotTap implements ObservationSink, FlowObserver {

    private final BlindSpots blindSpots;
    private final ObservationSink observations;
    private final FlowObserver flows;

    public BlindSpotTap(BlindSpots blindSpots, ObservationSink observations, FlowObserver flows) {
        this.blindSpots = blindSpots;
        this.observations = observations;
        this.flows = flows;
    }

    @Override
    public void accept(Observation observation) {
        switch (observation.protocol()) {
            case TLS, QUIC ->
                blindSpots.onClientHello(
                        observation.name(),
                        observation.echOffered(),
                        observation.destination().port());
            case HTTP -> {
                if (observation.urlPath() != null) {
                    blindSpots.onHttpRequest(observation.urlPath());
                }
            }
            case DNS -> {
                if (observation.dns().type() == Observation.DnsMessageType.QUERY) {
                    blindSpots.onDnsQuery(observation.source(), observation.destination());
                }
            }
            default -> {}
        }
        observations.accept(observation);
    }

    @Override
    public void opened(DecodedPacket packet) {
        blindSpots.onTcpConnectionStart(packet);
    }

    @Override
    public boolean accepted(DecodedPacket synAck) {
        return flows.accepted(synAck);
    }

    @Override
    public void unclaimed(DecodedPacket packet) {
        flows.unclaimed(packet);
    }
}
