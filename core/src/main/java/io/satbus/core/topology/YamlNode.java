package io.satbus.core.topology;

import java.util.List;
import java.util.Map;

/**
 * A YAML node as read by {@link YamlTreeReader}: like a Jackson tree node, but every node knows
 * where it was written, so that every problem can name its line and column. Immutable.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    /** Where the node starts. */
    Mark at();

    /** What was found, for "found" in a message: {@code "text"}, {@code 42}, {@code a map}, ... */
    String describe();

    /** Kinds of scalar; YAML 1.1 rules as Jackson applies them to plain (unquoted) scalars. */
    enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL, ALIAS }

    /**
     * A scalar.
     *
     * @param kind  what the YAML parser made of it
     * @param text  the text as written (for an alias, the anchor name)
     * @param value String, BigInteger, Double, Boolean, or null
     */
    record Scalar(Kind kind, String text, Object value, Mark at) implements YamlNode {
        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "\"" + text + "\"";
                case NULL -> "empty";
                case ALIAS -> "alias *" + text;
                default -> text;
            };
        }
    }

    /** One key of a mapping, where the key was written, and its value. */
    record Entry(String key, Mark at, YamlNode value) {
    }

    /**
     * A mapping.
     *
     * @param entries    the first entry of each key, in file order
     * @param duplicates later entries whose key was already taken
     */
    record Mapping(Map<String, Entry> entries, List<Entry> duplicates, Mark at) implements YamlNode {
        @Override
        public String describe() {
            return "a map";
        }

        YamlNode get(final String key) {
            final Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    /** A sequence. */
    record Sequence(List<YamlNode> items, Mark at) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }
}
