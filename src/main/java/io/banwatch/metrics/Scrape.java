package io.banwatch.metrics;

/** One rendered scrape: the content type to send and the exposition text. */
public record Scrape(String contentType, byte[] body) {}
