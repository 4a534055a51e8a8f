package io.banwatch.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of a tshark oracle file ({@code time_epoch kind src_ip dst_ip src_port dst_port name answer}), reduced to
 * what banwatch reports: HTTP hosts lose their port (banwatch's {@code url.domain} is the Host without port).
 */
record OracleRow(
        String kind,
        String sourceIp,
        String destinationIp,
        int sourcePort,
        int destinationPort,
        String name,
        String answer) {

    static List<OracleRow> read(Path file) throws IOException {
        List<OracleRow> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String kind = f[1];
            String name = kind.equals("http_host") ? hostWithoutPort(f[6]) : f[6];
            rows.add(new OracleRow(kind, f[2], f[3], port(f[4]), port(f[5]), name, f.length > 7 ? f[7] : ""));
        }
        return rows;
    }

    /** tshark leaves the port empty where the message's frame has no transport header it could show. */
    private static int port(String field) {
        return field.isEmpty() ? -1 : Integer.parseInt(field);
    }

    static String hostWithoutPort(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    /** The row as one tab-separated line without the time, as listed in known-differences files. */
    String key() {
        return String.join(
                "\t",
                kind,
                sourceIp,
                destinationIp,
                Integer.toString(sourcePort),
                Integer.toString(destinationPort),
                name,
                answer);
    }
}
