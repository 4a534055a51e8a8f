package io.banwatch.match;

/** One {@code http_paths} entry: a request-path fingerprint of a vendor service, such as an update index file. */
public record PathRule(PathPattern pattern, Category category, String description, String source) {}
