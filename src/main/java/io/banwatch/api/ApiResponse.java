package io.banwatch.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response as the routes produce it: status, content type, body and any extra headers. */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static ApiResponse text(int status, String text) {
        return new ApiResponse(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A JSON error body such as {@code {"status":404,"error":"not found","path":"/x"}}. */
    public static ApiResponse error(int status, String error, String path) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("status", status)
                .put("error", error)
                .put("path", path);
        return new ApiResponse(status, JSON, body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, body, Map.copyOf(more));
    }
}
