package io.banwatch.config;

import java.util.List;
import java.util.regex.Pattern;

/** Checks the Kafka names of {@code sinks.kafka.*}: topic, client id and compression type. */
final class KafkaNames {

    // Kafka's Topic.validate: 1 to 249 characters of ASCII letters, digits, '.', '_' and '-'; "." and ".." are
    // reserved.
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    // zstd and snappy are left out on purpose: their native libraries (zstd-jni, snappy-java) would add ~10 MB to
    // the jar, and lz4 compresses event JSON well at the lowest CPU cost of Kafka's codecs.
    static final List<String> COMPRESSION_TYPES = List.of("lz4", "gzip", "none");

    private KafkaNames() {}

    static String topic(String where, String topic) {
        String name = topic.strip();
        if (!TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new ConfigException(where + ": \"" + topic + "\" is not a Kafka topic name (1 to 249 letters, "
                    + "digits, '.', '_' or '-')");
        }
        return name;
    }

    static String clientId(String where, String clientId) {
        String id = clientId.strip();
        if (id.isEmpty()) {
            throw new ConfigException(where + ": must not be empty");
        }
        return id;
    }

    static String compression(String where, String compression) {
        String type = ConfigLoader.lower(compression.strip());
        if (!COMPRESSION_TYPES.contains(type)) {
            throw new ConfigException(where + ": \"" + compression + "\" is not one of " + COMPRESSION_TYPES);
        }
        return type;
    }
}
