package io.banwatch.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code banwatch.yaml}, applies environment overrides ({@link ConfigKey#environmentVariable()}) and checks
 * every value, failing with the key path and what is wrong. Keys that are not documented are errors, so a typo
 * never passes silently.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {}

    /** The defaults with environment overrides, for runs without a configuration file. */
    public static BanwatchConfig defaults(Map<String, String> environment) {
        return build("defaults", new HashMap<>(), environment);
    }

    /** Loads a file, then applies environment overrides. */
    public static BanwatchConfig load(Path file, Map<String, String> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": configuration file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read configuration file: " + e.getMessage());
        }
        return parse(file.toString(), text, environment);
    }

    /** Parses YAML text; {@code origin} names it in error messages. */
    public static BanwatchConfig parse(String origin, String yaml, Map<String, String> environment) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException(origin + ": not valid YAML " + YamlProblems.describe(e));
        }
        Map<String, JsonNode> values = new HashMap<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                throw new ConfigException(origin + ": the top level must be a mapping of sections");
            }
            flatten(origin, "", root, values);
        }
        return build(origin, values, environment);
    }

    private static void flatten(String origin, String prefix, JsonNode node, Map<String, JsonNode> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (ConfigKeys.BY_PATH.containsKey(path)) {
                out.put(path, field.getValue());
            } else if (field.getValue().isObject() && isSection(path)) {
                flatten(origin, path, field.getValue(), out);
            } else {
                throw new ConfigException(origin + ": " + path + ": unknown key" + suggestion(path));
            }
        }
    }

    private static boolean isSection(String path) {
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.path().startsWith(path + ".")) {
                return true;
            }
        }
        return false;
    }

    private static String suggestion(String path) {
        String section = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
        List<String> known = new ArrayList<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            String parent = key.path().substring(0, key.path().lastIndexOf('.'));
            if (parent.equals(section)) {
                known.add(key.path().substring(section.length() + 1));
            } else if (section.isEmpty() && !known.contains(parent)) {
                known.add(parent);
            }
        }
        return known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")";
    }

    /** Variables of the launcher ({@code bin/banwatch}) that share the prefix but are not configuration keys. */
    static final java.util.Set<String> LAUNCHER_VARIABLES =
            java.util.Set.of("BANWATCH_HEAP", "BANWATCH_JAVA_OPTS", "BANWATCH_JAR");

    private static BanwatchConfig build(String origin, Map<String, JsonNode> values, Map<String, String> env) {
        checkEnvironment(env);
        Map<ConfigKey, Object> typed = new HashMap<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            String override = env.get(key.environmentVariable());
            Object value;
            if (override != null) {
                value = ValueParser.fromText(key.environmentVariable(), key, override);
            } else if (values.containsKey(key.path())) {
                value = ValueParser.fromYaml(origin + ": " + key.path(), key, values.get(key.path()));
            } else {
                value = key.defaultValue();
            }
            typed.put(key, value);
        }
        return BanwatchConfig.from(typed);
    }

    /** A misspelled {@code BANWATCH_*} variable is refused like a misspelled key, instead of silently ignored. */
    private static void checkEnvironment(Map<String, String> env) {
        java.util.Set<String> known = new java.util.TreeSet<>(LAUNCHER_VARIABLES);
        for (ConfigKey key : ConfigKeys.ALL) {
            known.add(key.environmentVariable());
        }
        for (String name : new java.util.TreeSet<>(env.keySet())) {
            if (name.startsWith("BANWATCH_") && !known.contains(name)) {
                String closest = Suggestions.closest(name, known);
                throw new ConfigException(name + ": unknown environment variable"
                        + (closest == null ? "" : "; did you mean " + closest + "?")
                        + " (every configuration key is BANWATCH_ and its path in upper case, dots as underscores)");
            }
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
