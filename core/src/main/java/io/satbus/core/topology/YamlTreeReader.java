package io.satbus.core.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads YAML text into a {@link YamlNode} tree in one pass of Jackson's streaming
 * {@link YAMLParser}, keeping the line and column of every key and value (Jackson's own tree
 * keeps none). Duplicate keys are kept aside on their mapping rather than rejected, so that the
 * schema check can report each with its location; aliases become {@link YamlNode.Kind#ALIAS}
 * scalars, which the schema rejects (Jackson would silently read {@code *x} as the string "x").
 *
 * <p>Stateless and thread-safe.
 */
final class YamlTreeReader {
    /** What a topology file must be, for messages about the whole file. */
    static final String EXPECTED_ROOT = "a map with at least name and satellites";

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTreeReader() {
    }

    /** The root node of {@code yaml}, or null when it has none; the reason is then in {@code problems}. */
    static YamlNode read(final String yaml, final Problems problems) {
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(yaml)) {
            final JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(new Mark(1, 1), "topology", "empty file", EXPECTED_ROOT);
                return null;
            }
            final YamlNode root = node(p, first);
            if (p.nextToken() != null) {
                problems.add(mark(p.currentTokenLocation()), "topology", "a second YAML document",
                    "one document per file");
            }
            return root;
        } catch (JsonProcessingException e) {
            syntaxError(e, problems);
            return null;
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            problems.add(Mark.UNKNOWN, "syntax", e.getMessage(), "valid YAML");
            return null;
        } catch (IOException impossible) {
            throw new IllegalStateException("reading YAML from a String failed", impossible);
        }
    }

    private static YamlNode node(final YAMLParser p, final JsonToken token) throws IOException {
        final Mark at = mark(p.currentTokenLocation());
        switch (token) {
            case START_OBJECT:
                return mapping(p, at);
            case START_ARRAY:
                final List<YamlNode> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(node(p, t));
                }
                return new YamlNode.Sequence(List.copyOf(items), at);
            case VALUE_NUMBER_INT:
                return new YamlNode.Scalar(YamlNode.Kind.INTEGER, p.getText(), p.getBigIntegerValue(), at);
            case VALUE_NUMBER_FLOAT:
                return new YamlNode.Scalar(YamlNode.Kind.DECIMAL, p.getText(), decimal(p), at);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlNode.Scalar(YamlNode.Kind.BOOLEAN, p.getText(), token == JsonToken.VALUE_TRUE, at);
            case VALUE_NULL:
                return new YamlNode.Scalar(YamlNode.Kind.NULL, p.getText(), null, at);
            default:
                final YamlNode.Kind kind = p.isCurrentAlias() ? YamlNode.Kind.ALIAS : YamlNode.Kind.STRING;
                return new YamlNode.Scalar(kind, p.getText(), p.getText(), at);
        }
    }

    private static YamlNode.Mapping mapping(final YAMLParser p, final Mark at) throws IOException {
        final Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        final List<YamlNode.Entry> duplicates = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            final String key = p.currentName();
            final Mark keyAt = mark(p.currentTokenLocation());
            final YamlNode.Entry entry = new YamlNode.Entry(key, keyAt, node(p, p.nextToken()));
            if (entries.putIfAbsent(key, entry) != null) {
                duplicates.add(entry);
            }
        }
        return new YamlNode.Mapping(java.util.Collections.unmodifiableMap(entries), List.copyOf(duplicates), at);
    }

    /** Jackson does not parse YAML's own spellings of infinity and not-a-number. */
    private static Double decimal(final YAMLParser p) throws IOException {
        final String text = p.getText().toLowerCase(Locale.ROOT);
        if (text.endsWith(".inf")) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return ".nan".equals(text) ? Double.NaN : p.getDoubleValue();
    }

    private static Mark mark(final JsonLocation l) {
        return l == null ? Mark.UNKNOWN : new Mark(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
    }

    /** Reports a syntax error at snakeyaml's problem mark, which is more precise than Jackson's location. */
    private static void syntaxError(final JsonProcessingException e, final Problems problems) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            final org.yaml.snakeyaml.error.Mark pm = m.getProblemMark();
            final org.yaml.snakeyaml.error.Mark cm = m.getContextMark();
            String what = m.getProblem().strip();
            if (m.getContext() != null && cm != null) {
                what += ", " + m.getContext().strip() + " started at line " + (cm.getLine() + 1)
                    + ", column " + (cm.getColumn() + 1);
            }
            problems.add(new Mark(pm.getLine() + 1, pm.getColumn() + 1), "syntax", what, "valid YAML");
        } else {
            final String text = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
            problems.add(mark(e.getLocation()), "syntax", text.lines().findFirst().orElse(text).strip(), "valid YAML");
        }
    }
}
