package io.banwatch.decode;

/**
 * IEEE 802.2 LLC, the header that IEEE 802.3 length-framed Ethernet, FDDI, Token Ring, IEEE 802.11, ATM (RFC 2684)
 * and IP over Fibre Channel (RFC 2625) put before the protocol they carry. IP rides in a SNAP header (RFC 1042) that
 * gives an EtherType; LLC frames of other protocols (spanning tree, NetBIOS, IPX) carry no IP and are skipped quietly.
 */
final class LlcDecoder {

    private static final int LLC_LENGTH = 3;
    private static final int SNAP_LENGTH = 5;
    /** RFC 1042: DSAP and SSAP 0xAA announce a SNAP header, control 0x03 is an unnumbered information frame. */
    private static final int SAP_SNAP = 0xaa;

    private static final int CONTROL_UI = 0x03;
    /** The SAP IANA and IEEE assigned to IPv4 itself (RFC 1042 notes its use without SNAP). */
    private static final int SAP_IP = 0x06;
    /** SNAP organisation codes whose protocol id is an EtherType: RFC 1042's zero, and IEEE 802.1H bridge tunnel. */
    private static final int OUI_ETHERTYPE = 0x000000;

    private static final int OUI_BRIDGE_TUNNEL = 0x0000f8;

    private final AnomalyCounters anomalies;

    LlcDecoder(AnomalyCounters anomalies) {
        this.anomalies = anomalies;
    }

    /** DSAP(8) | SSAP(8) | Control(8) [| SNAP: OUI(24) | Protocol ID(16)]. */
    int decode(Cursor cursor) {
        byte[] data = cursor.data;
        int start = cursor.offset;
        if (cursor.remaining() < LLC_LENGTH) {
            anomalies.count(DecodeAnomaly.LLC_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        int dsap = Bytes.u8(data, start);
        int ssap = Bytes.u8(data, start + 1);
        int control = Bytes.u8(data, start + 2);
        if (dsap == SAP_IP && ssap == SAP_IP && control == CONTROL_UI) {
            cursor.offset = start + LLC_LENGTH;
            return Step.IPV4;
        }
        if (dsap != SAP_SNAP || ssap != SAP_SNAP || control != CONTROL_UI) {
            return Step.SKIP;
        }
        if (cursor.remaining() < LLC_LENGTH + SNAP_LENGTH) {
            anomalies.count(DecodeAnomaly.LLC_HEADER_TOO_SMALL);
            return Step.SKIP;
        }
        int oui = Bytes.u24(data, start + LLC_LENGTH);
        if (oui != OUI_ETHERTYPE && oui != OUI_BRIDGE_TUNNEL) {
            return Step.SKIP;
        }
        cursor.etherType = Bytes.u16(data, start + LLC_LENGTH + 3);
        cursor.offset = start + LLC_LENGTH + SNAP_LENGTH;
        return Step.ETHERTYPE;
    }
}
