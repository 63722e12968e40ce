package io.satbus.core.topology;

import io.satbus.core.topology.YamlNode.Kind;
import io.satbus.core.topology.YamlNode.Mapping;
import io.satbus.core.topology.YamlNode.Scalar;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed reads of the keys of a {@link Mapping}, each reporting what it finds wrong to
 * {@link Problems} and then returning the default, so that reading goes on and every problem of
 * the file is found in one pass. Paths are the dotted key paths of messages
 * ({@code satellites.upper.instances}). Owned by the loading thread.
 */
final class Fields {
    private final Problems problems;

    Fields(final Problems problems) {
        this.problems = problems;
    }

    static String path(final String parent, final String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Reports each key of {@code m} that is not in {@code known}, and each key given twice. */
    void checkKeys(final Mapping m, final String path, final List<String> known) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (!known.contains(e.key())) {
                problems.addOneOf(e.at(), path(path, e.key()), "unknown key", e.key(), known);
            }
        }
        checkDuplicates(m, path, "duplicate key", "each key once");
    }

    /** Reports each key of {@code m} given twice, as {@code what}, naming where it was first given. */
    void checkDuplicates(final Mapping m, final String path, final String what, final String expected) {
        for (YamlNode.Entry dup : m.duplicates()) {
            final Mark first = m.entries().get(dup.key()).at();
            problems.add(dup.at(), path(path, dup.key()), what + ", first at line " + first.line()
                + ", column " + first.column(), expected);
        }
    }

    /** True when {@code key} is in {@code m}; else reports it missing, at the start of {@code m}. */
    boolean require(final Mapping m, final String path, final String key, final String expected) {
        if (m.get(key) != null) {
            return true;
        }
        problems.add(m.at(), path(path, key), "missing", expected);
        return false;
    }

    /** {@code node} as a mapping, or null (reported) when it is something else. */
    Mapping asMapping(final YamlNode node, final String path, final String expected) {
        if (node instanceof Mapping m) {
            return m;
        }
        problems.add(node.at(), path, node.describe(), expected);
        return null;
    }

    /** The mapping at {@code key}, or null when absent or (reported) not a mapping. */
    Mapping mapping(final Mapping m, final String path, final String key) {
        final YamlNode node = m.get(key);
        return node == null ? null : asMapping(node, path(path, key), "a map");
    }

    /** An integer in {@code min..max}; {@code expected} describes it for messages. */
    long integer(final Mapping m, final String path, final String key, final long min, final long max,
                 final String expected, final long dflt) {
        final YamlNode node = m.get(key);
        if (node == null) {
            return dflt;
        }
        if (node instanceof Scalar s && s.kind() == Kind.INTEGER) {
            final BigInteger v = (BigInteger) s.value();
            if (v.compareTo(BigInteger.valueOf(min)) >= 0 && v.compareTo(BigInteger.valueOf(max)) <= 0) {
                return v.longValueExact();
            }
        }
        problems.add(node.at(), path(path, key), node.describe(), expected);
        return dflt;
    }

    /** An integer in {@code min..max}, described as such. */
    int integer(final Mapping m, final String path, final String key, final int min, final int max, final int dflt) {
        final String expected = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer " + min + ".." + max;
        return (int) integer(m, path, key, min, max, expected, dflt);
    }

    int port(final Mapping m, final String path, final String key, final int dflt) {
        return (int) integer(m, path, key, 1, 65535, "a port 1..65535", dflt);
    }

    /**
     * A number in (0, 1], written as a decimal ({@code 0.8}) or the integer {@code 1}; the
     * default when absent or (reported) anything else.
     */
    double fraction(final Mapping m, final String path, final String key, final double dflt) {
        final YamlNode node = m.get(key);
        if (node == null) {
            return dflt;
        }
        double v = Double.NaN;
        if (node instanceof Scalar s && s.kind() == Kind.DECIMAL) {
            v = (Double) s.value();
        } else if (node instanceof Scalar s && s.kind() == Kind.INTEGER) {
            v = ((BigInteger) s.value()).doubleValue();
        }
        if (v > 0 && v <= 1) {
            return v;
        }
        problems.add(node.at(), path(path, key), node.describe(), "a number > 0 and <= 1 such as 0.8");
        return dflt;
    }

    /** A duration of at least {@code minMs}, in milliseconds. */
    long durationMs(final Mapping m, final String path, final String key, final long minMs, final long dflt) {
        final String expected = "a duration" + (minMs > 0 ? " > 0" : "") + " such as " + Durations.FORMS;
        return quantity(m, path, key, minMs, expected, Durations::parseMillis, dflt);
    }

    /** A size of at least one byte, in bytes. */
    long sizeBytes(final Mapping m, final String path, final String key, final long dflt) {
        return quantity(m, path, key, 1, "a size > 0 such as " + ByteSizes.FORMS, ByteSizes::parseBytes, dflt);
    }

    private long quantity(final Mapping m, final String path, final String key, final long min, final String expected,
                          final Function<String, OptionalLong> parser, final long dflt) {
        final YamlNode node = m.get(key);
        if (node == null) {
            return dflt;
        }
        OptionalLong v = OptionalLong.empty();
        if (node instanceof Scalar s && s.kind() == Kind.INTEGER && ((BigInteger) s.value()).bitLength() < 64) {
            v = OptionalLong.of(((BigInteger) s.value()).longValue());
        } else if (node instanceof Scalar s && s.kind() == Kind.STRING) {
            v = parser.apply(s.text());
        }
        if (v.isPresent() && v.getAsLong() >= min) {
            return v.getAsLong();
        }
        problems.add(node.at(), path(path, key), node.describe(), expected);
        return dflt;
    }

    /** A YAML boolean ({@code true} or {@code false}). */
    boolean bool(final Mapping m, final String path, final String key, final boolean dflt) {
        final YamlNode node = m.get(key);
        if (node == null) {
            return dflt;
        }
        if (node instanceof Scalar s && s.kind() == Kind.BOOLEAN) {
            return (Boolean) s.value();
        }
        problems.add(node.at(), path(path, key), node.describe(), "true or false");
        return dflt;
    }

    /** A string matching {@code form}; numbers count as their text, booleans and nulls do not. */
    String string(final Mapping m, final String path, final String key, final Pattern form, final String expected,
                  final String dflt) {
        final YamlNode node = m.get(key);
        return node == null ? dflt : string(node, path(path, key), form, expected, dflt);
    }

    String string(final YamlNode node, final String path, final Pattern form, final String expected, final String dflt) {
        if (node instanceof Scalar s && isText(s.kind()) && form.matcher(s.text()).matches()) {
            return s.text();
        }
        problems.add(node.at(), path, node.describe(), expected);
        return dflt;
    }

    /** A string or a list of strings, each matching {@code form}; {@code expected} describes one of them. */
    List<String> strings(final Mapping m, final String path, final String key, final Pattern form, final String expected) {
        final YamlNode node = m.get(key);
        if (node == null) {
            return List.of();
        }
        final String at = path(path, key);
        if (!(node instanceof YamlNode.Sequence seq)) {
            final String one = string(node, at, form, expected + " or a list of them", null);
            return one == null ? List.of() : List.of(one);
        }
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            final String one = string(seq.items().get(i), at + "[" + i + "]", form, expected, null);
            if (one != null) {
                values.add(one);
            }
        }
        return values;
    }

    private static boolean isText(final Kind kind) {
        return kind == Kind.STRING || kind == Kind.INTEGER || kind == Kind.DECIMAL;
    }
}
