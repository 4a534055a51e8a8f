package io.banwatch.inspect.blindspot;

import io.banwatch.decode.Anomaly;
import java.util.Locale;

/** Caps of the blind-spot tables that were hit, counted per reason. */
public enum BlindSpotAnomaly implements Anomaly {
    /**
     * The ECH outer-name table was full, so a new name replaced the least counted one; the hello is counted under
     * the kind either way. Browsers' ECH GREASE makes this frequent: their outer names are ordinary server names.
     */
    ECH_OUTER_NAME_REPLACED,
    /**
     * A QUIC handshake to port 853 displaced another one still in progress from the same slot of the handshake
     * table, so the displaced connection may be counted a second time.
     */
    QUIC_HANDSHAKE_TABLE_COLLISION;

    private final String reason = name().toLowerCase(Locale.ROOT);

    @Override
    public String layer() {
        return "blind_spot";
    }

    @Override
    public String reason() {
        return reason;
    }
}
