package io.banwatch.api;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A request as the routes see it, free of any HTTP library's types.
 *
 * @param path the decoded path without the query string
 * @param parameters decoded query parameters
 * @param headers header values by lower-case name (the first value when a header repeats)
 * @param remoteAddress the client's address, or null when unknown
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, List<String>> parameters,
        Map<String, String> headers,
        InetAddress remoteAddress) {

    /** A header's value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
