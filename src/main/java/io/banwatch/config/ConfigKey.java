package io.banwatch.config;

import java.util.List;

/**
 * One documented key of {@code banwatch.yaml}: its dotted path, type, default and meaning. The list in
 * {@link ConfigKeys} is the single source of the keys the loader accepts, of the environment variables that
 * override them, and of the README's configuration table.
 *
 * @param min smallest allowed value for integers (and integer list elements)
 * @param max largest allowed value for integers (and integer list elements)
 */
public record ConfigKey(String path, Type type, Object defaultValue, long min, long max, String meaning) {

    /** The value types a key can have. */
    public enum Type {
        INTEGER("integer"),
        BOOLEAN("boolean"),
        STRING("string"),
        INTEGER_LIST("list of integers"),
        STRING_LIST("list of strings"),
        /** {@code auto} or a whole number in the key's range, kept as the text {@code auto} or a {@code Long}. */
        AUTO_OR_INTEGER("`auto` or integer");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * The path's hash: equal keys have equal paths, and every command's start hashes the keys while it reads the
     * configuration, where the record's own hashCode, six components through method handles, took about 10 ms.
     */
    @Override
    public int hashCode() {
        return path.hashCode();
    }

    static ConfigKey integer(String path, long defaultValue, long min, long max, String meaning) {
        return new ConfigKey(path, Type.INTEGER, defaultValue, min, max, meaning);
    }

    static ConfigKey bool(String path, boolean defaultValue, String meaning) {
        return new ConfigKey(path, Type.BOOLEAN, defaultValue, 0, 0, meaning);
    }

    static ConfigKey string(String path, String defaultValue, String meaning) {
        return new ConfigKey(path, Type.STRING, defaultValue, 0, 0, meaning);
    }

    static ConfigKey autoOrInteger(String path, long min, long max, String meaning) {
        return new ConfigKey(path, Type.AUTO_OR_INTEGER, AUTO, min, max, meaning);
    }

    /** An {@link Type#AUTO_OR_INTEGER} key whose default is a number, not {@code auto}. */
    static ConfigKey autoOrInteger(String path, long defaultValue, long min, long max, String meaning) {
        return new ConfigKey(path, Type.AUTO_OR_INTEGER, defaultValue, min, max, meaning);
    }

    /** The value of an {@link Type#AUTO_OR_INTEGER} key that leaves the choice to banwatch. */
    public static final String AUTO = "auto";

    static ConfigKey integers(String path, List<Long> defaultValue, long min, long max, String meaning) {
        return new ConfigKey(path, Type.INTEGER_LIST, defaultValue, min, max, meaning);
    }

    static ConfigKey strings(String path, List<String> defaultValue, String meaning) {
        return new ConfigKey(path, Type.STRING_LIST, defaultValue, 0, 0, meaning);
    }

    /** The environment variable that overrides this key: {@code BANWATCH_} and the path in upper case, dots as _. */
    public String environmentVariable() {
        return "BANWATCH_" + path.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }
}
