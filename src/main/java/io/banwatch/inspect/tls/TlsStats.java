package io.banwatch.inspect.tls;

import io.banwatch.inspect.tls.ClientHelloResult.ClientHello;
import java.util.concurrent.atomic.LongAdder;

/** Counts of the ClientHellos read, shared by every capture thread's parser and read by the metrics layer. */
public final class TlsStats {

    private final LongAdder clientHellos = new LongAdder();
    private final LongAdder withoutServerName = new LongAdder();
    private final LongAdder offeringEch = new LongAdder();

    /** Counts one well-formed ClientHello. */
    public void record(ClientHello hello) {
        clientHellos.increment();
        if (hello.serverName() == null) {
            withoutServerName.increment();
        }
        if (hello.echOffered()) {
            offeringEch.increment();
        }
    }

    public long clientHellos() {
        return clientHellos.sum();
    }

    public long clientHellosWithoutServerName() {
        return withoutServerName.sum();
    }

    /** Hellos with an outer encrypted_client_hello extension, ECH GREASE included (it is indistinguishable). */
    public long clientHellosOfferingEch() {
        return offeringEch.sum();
    }
}
