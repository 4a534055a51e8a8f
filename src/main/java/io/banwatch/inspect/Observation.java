package io.banwatch.inspect;

import io.banwatch.decode.Endpoint;
import java.util.List;

/**
 * What a protocol inspector saw where: a name (DNS question, TLS server name, HTTP Host) with the endpoints and
 * time of the packet that completed it. Inspectors report observations; matching them against a catalog is done
 * elsewhere. Fields that do not apply to the protocol are null (or -1 for numbers).
 *
 * @param timestampNanos capture time of the packet that completed the message, nanoseconds since the epoch
 * @param name the name to match: DNS question name, TLS/QUIC server name, HTTP Host without port, or a name that
 *     resolved to the destination address (then {@code nameSource} says so); lower case, no trailing dot; may be
 *     null when a message carried none (for example a DNS answer with no question)
 * @param vlanId outermost VLAN id, or -1
 * @param tunnelId tunnel or mirror-encapsulation id, or -1
 * @param dns DNS details, for {@link Protocol#DNS} only
 * @param httpMethod HTTP request method, for {@link Protocol#HTTP} only
 * @param urlPath HTTP request path (without query), for {@link Protocol#HTTP} only
 * @param echOffered for {@link Protocol#TLS} and {@link Protocol#QUIC}: the ClientHello carried an outer
 *     encrypted_client_hello extension (or ECH GREASE, which looks the same on the wire)
 * @param nameSource where {@code name} came from when it was not read from the traffic itself; null when it was
 * @param ja4 for {@link Protocol#TLS} and {@link Protocol#QUIC}: the JA4 fingerprint of the ClientHello (ECS-style
 *     {@code tls.client.ja4}); null for other protocols or when none could be computed
 */
public record Observation(
        long timestampNanos,
        Transport transport,
        Protocol protocol,
        Endpoint source,
        Endpoint destination,
        int vlanId,
        long tunnelId,
        String name,
        Dns dns,
        String httpMethod,
        String urlPath,
        boolean echOffered,
        NameSource nameSource,
        String ja4) {

    /** Where a name came from that the traffic of the flow itself did not carry: ECS {@code labels.name_source}. */
    public enum NameSource {
        /** An address record of an earlier DNS answer resolved a name to the flow's destination address. */
        DNS_ANSWER("dns_answer");

        private final String label;

        NameSource(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The name a report, alert or stored row shows: the observed name, or for a flow matched without one (by a
     * client signature or a service port) the server's address, which stands in for it.
     */
    public String nameOrServer() {
        return name != null ? name : destination.ip();
    }

    /** This observation with {@code attributedName} as its name, taken from a DNS answer for the destination. */
    public Observation withAttributedName(String attributedName) {
        return new Observation(
                timestampNanos,
                transport,
                protocol,
                source,
                destination,
                vlanId,
                tunnelId,
                attributedName,
                dns,
                httpMethod,
                urlPath,
                echOffered,
                NameSource.DNS_ANSWER,
                ja4);
    }

    /**
     * DNS message details: ECS {@code dns.*}. The inspector's {@code answers} are {@link DnsAnswers} (packed); read
     * them on the per-packet path with its {@code ...Of} accessors, which make no record.
     */
    public record Dns(DnsMessageType type, int id, String questionType, String responseCode, List<DnsRecord> answers) {}

    /** ECS {@code dns.type}. */
    public enum DnsMessageType {
        QUERY("query"),
        ANSWER("answer");

        private final String label;

        DnsMessageType(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static Observation tls(
            long timestampNanos,
            Protocol protocol,
            Endpoint source,
            Endpoint destination,
            int vlanId,
            long tunnelId,
            String serverName) {
        return tls(timestampNanos, protocol, source, destination, vlanId, tunnelId, serverName, false);
    }

    /**
     * A TLS or QUIC ClientHello; {@code serverName} is null when it carried none (such an observation is reported only
     * once a name is attributed to its destination).
     */
    public static Observation tls(
            long timestampNanos,
            Protocol protocol,
            Endpoint source,
            Endpoint destination,
            int vlanId,
            long tunnelId,
            String serverName,
            boolean echOffered) {
        return tls(timestampNanos, protocol, source, destination, vlanId, tunnelId, serverName, echOffered, null);
    }

    /** A TLS or QUIC ClientHello with its JA4 fingerprint ({@code ja4} may be null). */
    public static Observation tls(
            long timestampNanos,
            Protocol protocol,
            Endpoint source,
            Endpoint destination,
            int vlanId,
            long tunnelId,
            String serverName,
            boolean echOffered,
            String ja4) {
        Transport transport = protocol == Protocol.QUIC ? Transport.UDP : Transport.TCP;
        return new Observation(
                timestampNanos,
                transport,
                protocol,
                source,
                destination,
                vlanId,
                tunnelId,
                serverName,
                null,
                null,
                null,
                echOffered,
                null,
                ja4);
    }

    /**
     * A flow recognised without a name of its own ({@link Protocol#KASPERSKY}, {@link Protocol#KSC} or
     * {@link Protocol#UNKNOWN}), oriented from client to server.
     */
    public static Observation flow(
            long timestampNanos,
            Transport transport,
            Protocol protocol,
            Endpoint source,
            Endpoint destination,
            int vlanId,
            long tunnelId) {
        return new Observation(
                timestampNanos,
                transport,
                protocol,
                source,
                destination,
                vlanId,
                tunnelId,
                null,
                null,
                null,
                null,
                false,
                null,
                null);
    }

    public static Observation http(
            long timestampNanos,
            Endpoint source,
            Endpoint destination,
            int vlanId,
            long tunnelId,
            String host,
            String method,
            String path) {
        return new Observation(
                timestampNanos,
                Transport.TCP,
                Protocol.HTTP,
                source,
                destination,
                vlanId,
                tunnelId,
                host,
                null,
                method,
                path,
                false,
                null,
                null);
    }

    public static Observation dns(
            long timestampNanos,
            Transport transport,
            Endpoint source,
            Endpoint destination,
            int vlanId,
            long tunnelId,
            String questionName,
            Dns dns) {
        return new Observation(
                timestampNanos,
                transport,
                Protocol.DNS,
                source,
                destination,
                vlanId,
                tunnelId,
                questionName,
                dns,
                null,
                null,
                false,
                null,
                null);
    }
}
