package io.banwatch.config;

import io.banwatch.config.BanwatchConfig.KafkaSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code sinks.kafka.security_protocol} with its TLS and SASL keys together, so that a half-configured
 * connection (a user name without SASL, SASL without a password, a CA file that is not there) stops banwatch at start
 * with the key path instead of failing every event later.
 */
final class KafkaSecuritySettings {

    private static final List<String> PROTOCOLS = List.of("plaintext", "ssl", "sasl_ssl", "sasl_plaintext");
    private static final List<String> MECHANISMS = List.of("scram-sha-512", "scram-sha-256", "plain");

    private KafkaSecuritySettings() {}

    static KafkaSecurity from(Map<ConfigKey, Object> v) {
        String protocol =
                oneOf(ConfigKeys.KAFKA_SECURITY_PROTOCOL, text(v, ConfigKeys.KAFKA_SECURITY_PROTOCOL), PROTOCOLS);
        boolean tls = protocol.equals("ssl") || protocol.equals("sasl_ssl");
        boolean sasl = protocol.startsWith("sasl_");
        String caFile = text(v, ConfigKeys.KAFKA_SSL_CA_FILE);
        String username = text(v, ConfigKeys.KAFKA_SASL_USERNAME);
        String password = (String) v.get(ConfigKeys.KAFKA_SASL_PASSWORD);
        Path ca = null;
        if (!caFile.isEmpty()) {
            if (!tls) {
                throw notUsed(ConfigKeys.KAFKA_SSL_CA_FILE, protocol, "ssl or sasl_ssl");
            }
            ca = Path.of(caFile);
            if (!Files.isReadable(ca)) {
                throw new ConfigException(
                        ConfigKeys.KAFKA_SSL_CA_FILE.path() + ": " + caFile + ": no such file, or it cannot be read");
            }
        }
        String mechanism = null;
        if (sasl) {
            mechanism = oneOf(ConfigKeys.KAFKA_SASL_MECHANISM, text(v, ConfigKeys.KAFKA_SASL_MECHANISM), MECHANISMS);
            if (username.isEmpty()) {
                throw required(ConfigKeys.KAFKA_SASL_USERNAME, protocol);
            }
            if (password.isEmpty()) {
                throw required(ConfigKeys.KAFKA_SASL_PASSWORD, protocol);
            }
        } else if (!username.isEmpty()) {
            throw notUsed(ConfigKeys.KAFKA_SASL_USERNAME, protocol, "sasl_ssl or sasl_plaintext");
        } else if (!password.isEmpty()) {
            throw notUsed(ConfigKeys.KAFKA_SASL_PASSWORD, protocol, "sasl_ssl or sasl_plaintext");
        }
        return new KafkaSecurity(
                protocol.toUpperCase(java.util.Locale.ROOT),
                ca,
                mechanism == null ? null : mechanism.toUpperCase(java.util.Locale.ROOT),
                sasl ? username : null,
                sasl ? password : null);
    }

    private static String text(Map<ConfigKey, Object> v, ConfigKey key) {
        return ((String) v.get(key)).strip();
    }

    private static String oneOf(ConfigKey key, String value, List<String> allowed) {
        String lower = ConfigLoader.lower(value);
        if (!allowed.contains(lower)) {
            throw new ConfigException(key.path() + ": \"" + value + "\" is not one of " + allowed);
        }
        return lower;
    }

    private static ConfigException required(ConfigKey key, String protocol) {
        return new ConfigException(key.path() + ": required when " + ConfigKeys.KAFKA_SECURITY_PROTOCOL.path() + " is "
                + protocol + " (" + key.environmentVariable() + " in the environment)");
    }

    private static ConfigException notUsed(ConfigKey key, String protocol, String needs) {
        return new ConfigException(key.path() + ": set, but " + ConfigKeys.KAFKA_SECURITY_PROTOCOL.path() + " is "
                + protocol + "; it is used only with " + needs);
    }
}
