package io.banwatch.alert.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Banwatch-Signature} header: {@code sha256=} and the hex HMAC-SHA256 (RFC 2104, FIPS 180-4) of the
 * exact request body, keyed with {@code alerts.webhook.secret}; the same scheme as GitHub's
 * {@code X-Hub-Signature-256}, so receivers verify it the same way (compare in constant time).
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Banwatch-Signature";

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
