package io.banwatch.pipeline;

import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;

/**
 * An event as it travels the pipeline after dedup and enrichment.
 *
 * @param host the client's address: the observation's source, or the destination of a DNS answer
 * @param repeat true when the same host, protocol, name and rule matched within the dedup window; always false for
 *     unmatched events
 * @param hostFirstSeenNanos earliest packet time at which this host matched this vendor, or {@link #UNKNOWN} for
 *     unmatched events
 */
public record PipelineEvent(Event event, String host, boolean repeat, long hostFirstSeenNanos) {

    public static final long UNKNOWN = -1;

    /** The client of an observation: DNS answers travel from the server to the client, everything else the other way. */
    public static String clientHost(Observation observation) {
        Observation.Dns dns = observation.dns();
        boolean answer = dns != null && dns.type() == Observation.DnsMessageType.ANSWER;
        return answer ? observation.destination().ip() : observation.source().ip();
    }
}
