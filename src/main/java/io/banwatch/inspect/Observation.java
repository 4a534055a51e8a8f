package io.banwatch.inspect;

import io.banwatch.decode.Endpoint;
import java.util.List;

/**
 * What a protocol inspector saw where: a name (DNS question, TLS server name, HTTP Host) with the endpoints and
 * time of the packet that completed it. Inspectors report observations; matching them against a catalog is done
 * elsewhere. Fields that do not apply to the protocol are null (or -1 for numbers).
 *
 * @param timestampNanos capture time of the packet that completed the message, nanoseconds since the epoch
 * @param name the name to match: DNS question name, TLS/QUIC server name, or HTTP Host without port; lower case,
 *     no trailing dot; may be null when a message carried none (for example a DNS answer with no question)
 * @param vlanId outermost VLAN id, or -1
 * @param tunnelId tunnel or mirror-encapsulation id, or -1
 * @param dns DNS details, for {@link Protocol#DNS} only
 * @param httpMethod HTTP request method, for {@link Protocol#HTTP} only
 * @param urlPath HTTP request path (without query), for {@link Protocol#HTTP} only
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
        String urlPath) {

    /** DNS message details: ECS {@code dns.*}. */
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
                path);
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
                null);
    }
}
