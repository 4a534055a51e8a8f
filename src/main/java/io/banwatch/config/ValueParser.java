package io.banwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Turns YAML nodes and environment strings into checked values of a {@link ConfigKey}'s type. */
final class ValueParser {

    private ValueParser() {}

    static Object fromYaml(String where, ConfigKey key, JsonNode node) {
        return switch (key.type()) {
            case INTEGER -> checkRange(where, key, integer(where, node));
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw wrongType(where, key, node.toString());
                }
                yield node.booleanValue();
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw wrongType(where, key, node.toString());
                }
                yield node.textValue();
            }
            case INTEGER_LIST -> {
                List<Long> list = new ArrayList<>();
                for (JsonNode element : elements(where, key, node)) {
                    list.add(checkRange(
                            where + "[" + list.size() + "]", key, integer(where + "[" + list.size() + "]", element)));
                }
                yield List.copyOf(list);
            }
            case AUTO_OR_INTEGER -> {
                if (node.isTextual()) {
                    yield autoOrInteger(where, key, node.textValue());
                }
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw wrongType(where, key, node.toString());
                }
                yield checkRange(where, key, node.longValue());
            }
            case STRING_LIST -> {
                List<String> list = new ArrayList<>();
                for (JsonNode element : elements(where, key, node)) {
                    if (!element.isTextual()) {
                        throw new ConfigException(where + "[" + list.size() + "]: expected a string, got " + element);
                    }
                    list.add(element.textValue());
                }
                yield List.copyOf(list);
            }
        };
    }

    /** Environment values: lists are comma-separated. */
    static Object fromText(String where, ConfigKey key, String text) {
        String value = text.strip();
        return switch (key.type()) {
            case INTEGER -> checkRange(where, key, parseLong(where, value));
            case BOOLEAN ->
                switch (value.toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "yes", "1" -> true;
                    case "false", "no", "0" -> false;
                    default -> throw wrongType(where, key, value);
                };
            case STRING -> value;
            case INTEGER_LIST -> {
                List<Long> list = new ArrayList<>();
                for (String part : split(value)) {
                    list.add(checkRange(where, key, parseLong(where, part)));
                }
                yield List.copyOf(list);
            }
            case STRING_LIST -> List.copyOf(split(value));
            case AUTO_OR_INTEGER -> autoOrInteger(where, key, value);
        };
    }

    /** {@code auto}, or a whole number in range; anything else names the key and what it accepts. */
    private static Object autoOrInteger(String where, ConfigKey key, String text) {
        String value = text.strip();
        if (value.equals(ConfigKey.AUTO)) {
            return ConfigKey.AUTO;
        }
        try {
            return checkRange(where, key, Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": expected `auto` or an integer from " + key.min() + " to " + key.max()
                    + ", got \"" + value + "\"");
        }
    }

    private static List<String> split(String value) {
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }

    private static Iterable<JsonNode> elements(String where, ConfigKey key, JsonNode node) {
        if (!node.isArray()) {
            throw wrongType(where, key, node.toString());
        }
        return node;
    }

    private static long integer(String where, JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new ConfigException(where + ": expected an integer, got " + node);
        }
        return node.longValue();
    }

    private static long parseLong(String where, String text) {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": expected an integer, got \"" + text + "\"");
        }
    }

    private static long checkRange(String where, ConfigKey key, long value) {
        if (value < key.min() || value > key.max()) {
            throw new ConfigException(
                    where + ": " + value + " is out of range; allowed: " + key.min() + " to " + key.max());
        }
        return value;
    }

    private static ConfigException wrongType(String where, ConfigKey key, String got) {
        return new ConfigException(where + ": expected a " + key.type().description() + ", got " + got);
    }
}
