package io.banwatch.api;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who may use {@code /api/*}: with a token, whoever presents it as a bearer token (RFC 6750 section 2.1); without
 * one, only clients on this machine (loopback), since the store names the site's hosts and what they reached.
 */
public final class ApiAccess {

    private static final String BEARER = "bearer ";

    // The token's SHA-256, so the comparison below takes the same time whatever the length of what is presented.
    private final byte[] tokenDigest;

    private ApiAccess(byte[] tokenDigest) {
        this.tokenDigest = tokenDigest;
    }

    /** @param token the token {@code api.token} sets, or empty: loopback clients only */
    public static ApiAccess of(String token) {
        return new ApiAccess(token == null || token.isEmpty() ? null : sha256(token));
    }

    public boolean tokenRequired() {
        return tokenDigest != null;
    }

    /** Null when the request may go on; else the 401 or 403 to answer (RFC 9110 sections 15.5.2 and 15.5.4). */
    public ApiResponse refusal(ApiRequest request) {
        if (tokenDigest == null) {
            InetAddress client = request.remoteAddress();
            if (client != null && client.isLoopbackAddress()) {
                return null;
            }
            return ApiResponse.error(
                    403,
                    "the API answers only clients on this machine while no token is set: set api.token (or "
                            + "BANWATCH_API_TOKEN) on the sensor and send Authorization: Bearer <token>",
                    request.path());
        }
        String authorization = request.header("authorization");
        if (authorization == null
                || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            // RFC 6750 section 3: a request without credentials gets the challenge and no error code.
            return ApiResponse.error(401, "this API needs Authorization: Bearer <token> (api.token)", request.path())
                    .withHeader("WWW-Authenticate", "Bearer realm=\"banwatch\"");
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
        if (!MessageDigest.isEqual(presented, tokenDigest)) {
            return ApiResponse.error(401, "the bearer token is not the one api.token sets", request.path())
                    .withHeader("WWW-Authenticate", "Bearer realm=\"banwatch\", error=\"invalid_token\"");
        }
        return null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
