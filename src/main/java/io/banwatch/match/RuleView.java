package io.banwatch.match;

/**
 * One catalog entry as listed by {@code banwatch catalog list} and {@code GET /api/v1/catalog}.
 *
 * @param kind {@code rule}, {@code domain} (a registrable domain, category {@code web}) or {@code http_path}
 * @param confidence null for {@code http_path} entries
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
}
