package io.banwatch.conformance;

import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import java.util.ArrayList;
import java.util.List;

/** Turns banwatch observations into oracle rows, so both sides are compared in one shape. */
final class ObservationRows {

    private ObservationRows() {}

    static List<OracleRow> of(List<Observation> observations) {
        List<OracleRow> rows = new ArrayList<>();
        for (Observation o : observations) {
            if (o.nameSource() != null) {
                continue; // a name attributed from DNS was not in the flow, so tshark's fields cannot list it
            }
            String src = o.source().ip();
            String dst = o.destination().ip();
            int sp = o.source().port();
            int dp = o.destination().port();
            switch (o.protocol()) {
                case DNS -> {
                    if (o.dns().type() == Observation.DnsMessageType.QUERY) {
                        rows.add(new OracleRow("dns_query", src, dst, sp, dp, o.name(), ""));
                    } else {
                        for (DnsRecord r : o.dns().answers()) {
                            rows.add(new OracleRow("dns_answer", src, dst, sp, dp, r.name(), r.data()));
                        }
                    }
                }
                case TLS -> rows.add(new OracleRow("tls_sni", src, dst, sp, dp, o.name(), ""));
                case QUIC -> rows.add(new OracleRow("quic_sni", src, dst, sp, dp, o.name(), ""));
                case HTTP -> rows.add(new OracleRow("http_host", src, dst, sp, dp, o.name(), ""));
            }
        }
        return rows;
    }
}
