package io.banwatch.match;

import io.banwatch.inspect.Protocol;

/**
 * A {@code signatures} entry: observations of a protocol that banwatch recognises by its bytes (for example
 * {@code kaspersky}, the vendor's own non-TLS protocol) belong to the vendor with this category, name or not.
 *
 * @param id the entry's name, reported as the match's rule
 */
public record SignatureRule(String id, Protocol protocol, Category category, String description, String source) {}
