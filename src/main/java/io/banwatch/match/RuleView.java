package io.banwatch.match;

/**
 * One catalog entry as listed by {@code banwatch catalog list} and {@code GET /api/v1/catalog}.
 *
 * @param kind {@code rule}, {@code domain} (a registrable domain, category {@code web}), {@code http_path},
 *     {@code signature} (a protocol recognised by its bytes; the pattern is the entry's id) or {@code port} (an
 *     internal service port; the pattern is {@code tcp/PORT} or {@code udp/PORT}) or {@code ja4} (a ClientHello
 *     fingerprint; the pattern starts with {@code ja4:})
 * @param confidence null for {@code http_path}, {@code signature} and {@code port} entries
 */
public record RuleView(
        String vendor,
        String kind,
        String pattern,
        Category category,
        Confidence confidence,
        String description,
        String source) {

    public static final String KIND_RULE = "rule";
    public static final String KIND_DOMAIN = "domain";
    public static final String KIND_HTTP_PATH = "http_path";
    public static final String KIND_SIGNATURE = "signature";
    public static final String KIND_PORT = "port";
    public static final String KIND_JA4 = "ja4";
}
