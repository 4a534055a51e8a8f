package io.banwatch.match;

/**
 * A {@code rules} entry whose pattern is a {@code ja4:} fingerprint: ClientHellos with this JA4 belong to the vendor
 * with this category, whatever name they carry. A fingerprint names a TLS client library and its settings, not a
 * vendor, so {@code confidence} says how sure the site is that only the vendor's software sends it.
 */
public record FingerprintRule(
        Ja4Pattern pattern, Category category, String description, String source, Confidence confidence) {}
