package io.banwatch.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks {@code sinks.kafka.bootstrap_servers} entries in the form the Kafka client accepts ({@code HOST:PORT},
 * {@code [IPV6]:PORT}; Kafka's {@code ClientUtils.parseAndValidateAddresses}), so a wrong form stops banwatch at start
 * with the key path instead of surfacing later as a sink that never connects.
 */
final class BootstrapServers {

    // RFC 1123 host names and IPv4 literals; underscores too, which Kafka and many internal zones accept.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    // An IPv6 literal inside brackets, with an optional zone (fe80::1%eth0).
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private static final String EXAMPLE = " (for example kafka-1.example.net:9092 or [2001:db8::1]:9092)";

    private BootstrapServers() {}

    static List<String> check(String key, List<String> servers) {
        for (int i = 0; i < servers.size(); i++) {
            check(key + "[" + i + "]", servers.get(i));
        }
        return servers;
    }

    private static void check(String where, String server) {
        String address = server.strip();
        if (address.isEmpty()) {
            throw new ConfigException(where + ": empty address; expected HOST:PORT" + EXAMPLE);
        }
        if (address.contains("://")) {
            throw new ConfigException(
                    where + ": \"" + server + "\" has a scheme; give HOST:PORT without one" + EXAMPLE);
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(where + ": \"" + server + "\" has no port; expected HOST:PORT" + EXAMPLE);
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            if (!IPV6.matcher(host.substring(1, host.length() - 1)).matches()) {
                throw new ConfigException(where + ": \"" + host + "\" is not an IPv6 address" + EXAMPLE);
            }
        } else if (host.indexOf(':') >= 0) {
            throw new ConfigException(
                    where + ": \"" + server + "\": an IPv6 address goes in brackets, as [" + host + "]:" + port);
        } else if (!HOST.matcher(host).matches()) {
            throw new ConfigException(where + ": \"" + host + "\" is not a host name or address" + EXAMPLE);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": port \"" + port + "\" is not a number; expected HOST:PORT" + EXAMPLE);
        }
        if (number < 1 || number > 65_535) {
            throw new ConfigException(where + ": port must be 1 to 65535, got " + number);
        }
    }
}
