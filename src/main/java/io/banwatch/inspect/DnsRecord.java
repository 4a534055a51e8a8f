package io.banwatch.inspect;

/**
 * One A, AAAA or CNAME record of a DNS answer section. {@code name} is the record's owner name, {@code data} the
 * address in text form or the CNAME target; names are normalised (lower case, no trailing dot).
 */
public record DnsRecord(String name, String type, long ttl, String data) {}
