package io.banwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code banwatch query ... --url URL}: the same question asked of a remote sensor's HTTP API
 * ({@code /api/v1/<kind>}), with the bearer token from {@code BANWATCH_API_TOKEN} when it is set. JSON prints one
 * item per line; CSV prints as the sensor wrote it; a table is drawn from the sensor's CSV.
 */
final class RemoteQuery {

    /** The variable that holds the token of {@code api.token}, read by the sensor and by this client alike. */
    static final String TOKEN_VARIABLE = "BANWATCH_API_TOKEN";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RemoteQuery() {}

    static int answer(
            PrintWriter out, String baseUrl, String kind, QueryOptions query, boolean terminal, String token) {
        QueryOptions.Format format = query.format(terminal);
        URI uri = uri(baseUrl, kind, query, format == QueryOptions.Format.json ? "json" : "csv");
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token); // RFC 6750 section 2.1
        }
        HttpResponse<String> response;
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CommandFailure("cannot reach the sensor at " + baseUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while asking " + baseUrl);
        }
        if (response.statusCode() != 200) {
            throw new CommandFailure("the sensor at " + baseUrl + " answered " + response.statusCode() + ": "
                    + errorOf(response.body()) + hint(response.statusCode()));
        }
        switch (format) {
            case json -> printItems(out, response.body());
            case csv -> out.print(response.body());
            case table -> printTable(out, response.body());
        }
        out.flush();
        return ExitCodes.OK;
    }

    static URI uri(String baseUrl, String kind, QueryOptions query, String format) {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "since", query.since);
        put(parameters, "until", query.until);
        put(parameters, "host", query.host);
        put(parameters, "vendor", query.vendor);
        put(parameters, "category", query.category);
        put(parameters, "phase", query.phase);
        put(parameters, "protocol", query.protocol);
        put(parameters, "outcome", query.outcome);
        put(parameters, "name", query.name);
        parameters.put("limit", Integer.toString(query.limit));
        parameters.put("format", format);
        StringJoiner text = new StringJoiner("&");
        parameters.forEach((k, v) -> text.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            URI uri = URI.create(base + "/api/v1/" + kind + "?" + text);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http or https URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url: \"" + baseUrl + "\" is not a sensor's address (for example "
                    + "http://sensor-1:19153): " + e.getMessage());
        }
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }

    private static void printItems(PrintWriter out, String body) {
        try {
            for (JsonNode item : JSON.readTree(body).path("items")) {
                out.println(JSON.writeValueAsString(item));
            }
        } catch (IOException e) {
            throw new CommandFailure("the sensor's answer is not the API's JSON: " + e.getMessage());
        }
    }

    private static void printTable(PrintWriter out, String csv) {
        List<String[]> records = Csv.parse(csv);
        if (records.size() <= 1) {
            out.println("Nothing matches.");
            return;
        }
        TextTable table = new TextTable(upper(records.getFirst()));
        for (String[] record : records.subList(1, records.size())) {
            table.row(record);
        }
        table.print(out);
    }

    private static String[] upper(String[] header) {
        String[] out = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            out[i] = header[i].replace('_', ' ').toUpperCase(java.util.Locale.ROOT);
        }
        return out;
    }

    private static String errorOf(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (IOException notJson) {
            // fall through
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (set " + TOKEN_VARIABLE + " to the sensor's api.token)";
            case 403 -> " (the sensor has no api.token and answers its own machine only; give it one)";
            default -> "";
        };
    }

    /** RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks. */
    static final class Csv {

        private Csv() {}

        static List<String[]> parse(String text) {
            List<String[]> records = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    fields.add(field.toString());
                    field.setLength(0);
                    records.add(fields.toArray(String[]::new));
                    fields.clear();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !fields.isEmpty()) {
                fields.add(field.toString());
                records.add(fields.toArray(String[]::new));
            }
            return records;
        }
    }
}
