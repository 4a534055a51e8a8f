package io.banwatch.inspect.blindspot;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Server names of public DNS-over-HTTPS (and DNS-over-TLS) resolvers, matched label-aligned: an entry matches
 * itself and its subdomains ({@code dns.google} matches {@code dns64.dns.google}, never {@code notdns.google}).
 */
public final class DohResolverNames {

    /**
     * Well-known public resolvers. Sources: Chromium's DoH provider list
     * (chromium/src net/dns/public/doh_provider_entry.cc), Mozilla's trusted recursive resolvers
     * (wiki.mozilla.org/Security/DOH-resolver-policy), and each provider's own page as noted.
     */
    public static final List<String> BUILT_IN = List.of(
            // developers.google.com/speed/public-dns/docs/doh
            "dns.google",
            "dns.google.com",
            // developers.cloudflare.com/1.1.1.1/encryption/dns-over-https/ ; cloudflare-dns.com serves only DNS
            "cloudflare-dns.com",
            "mozilla.cloudflare-dns.com",
            "one.one.one.one",
            "1dot1dot1dot1.cloudflare-dns.com",
            // quad9.net/service/service-addresses-and-features
            "dns.quad9.net",
            "dns9.quad9.net",
            "dns10.quad9.net",
            "dns11.quad9.net",
            "dns12.quad9.net",
            // support.opendns.com, "DNS over HTTPS (DoH)"
            "doh.opendns.com",
            "doh.familyshield.opendns.com",
            // adguard-dns.io/kb/general/dns-providers/
            "dns.adguard-dns.com",
            "unfiltered.adguard-dns.com",
            "family.adguard-dns.com",
            "dns.adguard.com",
            // nextdns.io (configuration ids are subdomains of dns.nextdns.io)
            "dns.nextdns.io",
            // cleanbrowsing.org/filters/
            "doh.cleanbrowsing.org",
            // alidns.com (Alibaba public DNS, also 223.5.5.5 / 223.6.6.6)
            "dns.alidns.com",
            // dnspod.cn/Products/publicdns (Tencent DNSPod)
            "doh.pub",
            "dot.pub",
            // 101.101.101.101 (TWNIC Quad101)
            "dns.twnic.tw",
            // sdns.360.net (Qihoo 360)
            "doh.360.cn",
            // Mozilla TRR list: Comcast and CIRA Canadian Shield
            "doh.xfinity.com",
            "canadianshield.cira.ca",
            // mullvad.net/en/help/dns-over-https-and-dns-over-tls
            "dns.mullvad.net",
            // dns.sb/doh/
            "doh.dns.sb",
            // controld.com/free-dns
            "freedns.controld.com");

    /** Built-in plus configured names; a linear scan over this many suffixes per ClientHello stays cheap. */
    public static final int MAX_NAMES = 512;

    /** RFC 1035 section 2.3.4. */
    private static final int MAX_NAME_LENGTH = 253;

    private static final int MAX_LABEL_LENGTH = 63;

    private final String[] names;

    private DohResolverNames(String[] names) {
        this.names = names;
    }

    /**
     * The built-in names plus {@code extra}, each lower-cased and without a trailing dot.
     *
     * @throws IllegalArgumentException naming an extra entry that is not a host name, or when there are more than
     *     {@link #MAX_NAMES} in all
     */
    public static DohResolverNames withExtra(List<String> extra) {
        Set<String> all = new LinkedHashSet<>(BUILT_IN);
        for (String name : extra) {
            all.add(normalize(name));
        }
        if (all.size() > MAX_NAMES) {
            throw new IllegalArgumentException(
                    "at most " + MAX_NAMES + " DoH resolver names are allowed, got " + all.size());
        }
        return new DohResolverNames(all.toArray(new String[0]));
    }

    /** The names in use, built-in first. */
    public List<String> names() {
        return List.of(names);
    }

    /** Whether {@code serverName} (normalised: lower case, no trailing dot) is an entry or a subdomain of one. */
    public boolean matches(String serverName) {
        if (serverName == null) {
            return false;
        }
        int length = serverName.length();
        for (String name : names) {
            int nameLength = name.length();
            if (length == nameLength) {
                if (serverName.equals(name)) {
                    return true;
                }
            } else if (length > nameLength + 1
                    && serverName.charAt(length - nameLength - 1) == '.'
                    && serverName.charAt(length - nameLength - 2) != '.' // the label in front is not empty
                    && serverName.endsWith(name)) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String raw) {
        String name = raw == null ? "" : raw.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!isHostName(name)) {
            throw new IllegalArgumentException("invalid DoH resolver name '" + raw + "'");
        }
        return name;
    }

    /** Letters, digits, hyphen and underscore in labels of 1 to 63 characters, at most 253 in all. */
    private static boolean isHostName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }
}
