package io.banwatch.inspect.dns;

/** Text names of DNS record types and response codes, as in the IANA DNS parameters registry. */
final class DnsMnemonics {

    /** RFC 1035 4.1.1: RCODE is 4 bits; 11..15 are not named here (extended codes live in EDNS, RFC 6891). */
    private static final String[] RESPONSE_CODES = {
        "NOERROR",
        "FORMERR",
        "SERVFAIL",
        "NXDOMAIN",
        "NOTIMP",
        "REFUSED",
        "YXDOMAIN",
        "YXRRSET",
        "NXRRSET",
        "NOTAUTH",
        "NOTZONE",
        "RCODE11",
        "RCODE12",
        "RCODE13",
        "RCODE14",
        "RCODE15"
    };

    private DnsMnemonics() {}

    /** The mnemonic of a 4-bit header RCODE. */
    static String responseCode(int rcode) {
        return RESPONSE_CODES[rcode & 0xf];
    }

    /** The mnemonic of a TYPE or QTYPE, or "TYPE" and the number for one without a name (RFC 3597 section 5). */
    static String type(int type) {
        String known = knownType(type);
        return known != null ? known : "TYPE" + type;
    }

    private static String knownType(int type) {
        return switch (type) {
            case DnsWire.TYPE_A -> "A";
            case DnsWire.TYPE_NS -> "NS";
            case DnsWire.TYPE_CNAME -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 13 -> "HINFO";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 17 -> "RP";
            case 18 -> "AFSDB";
            case 24 -> "SIG";
            case 25 -> "KEY";
            case DnsWire.TYPE_AAAA -> "AAAA";
            case 29 -> "LOC";
            case 33 -> "SRV";
            case 35 -> "NAPTR";
            case 36 -> "KX";
            case 37 -> "CERT";
            case 39 -> "DNAME";
            case 41 -> "OPT";
            case 42 -> "APL";
            case 43 -> "DS";
            case 44 -> "SSHFP";
            case 45 -> "IPSECKEY";
            case 46 -> "RRSIG";
            case 47 -> "NSEC";
            case 48 -> "DNSKEY";
            case 49 -> "DHCID";
            case 50 -> "NSEC3";
            case 51 -> "NSEC3PARAM";
            case 52 -> "TLSA";
            case 53 -> "SMIMEA";
            case 55 -> "HIP";
            case 59 -> "CDS";
            case 60 -> "CDNSKEY";
            case 61 -> "OPENPGPKEY";
            case 62 -> "CSYNC";
            case 63 -> "ZONEMD";
            case 64 -> "SVCB";
            case 65 -> "HTTPS";
            case 99 -> "SPF";
            case 249 -> "TKEY";
            case 250 -> "TSIG";
            case 251 -> "IXFR";
            case 252 -> "AXFR";
            case 255 -> "ANY";
            case 256 -> "URI";
            case 257 -> "CAA";
            default -> null;
        };
    }
}
