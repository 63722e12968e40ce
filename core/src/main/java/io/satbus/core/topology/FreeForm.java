package io.satbus.core.topology;

import io.satbus.core.topology.YamlNode.Mapping;
import io.satbus.core.topology.YamlNode.Scalar;
import io.satbus.core.topology.YamlNode.Sequence;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a free-form YAML value (a satellite's {@code config}) into plain Java values, the way
 * Jackson would bind it to {@code Object}: String, Integer/Long/BigInteger, Double, Boolean,
 * null, unmodifiable List and Map (in file order). Duplicate keys and aliases are reported.
 * Stateless.
 */
final class FreeForm {
    private FreeForm() {
    }

    static Object toJava(final YamlNode node, final String path, final Fields fields, final Problems problems) {
        if (node instanceof Mapping m) {
            fields.checkDuplicates(m, path, "duplicate key", "each key once");
            final Map<String, Object> map = new LinkedHashMap<>();
            for (YamlNode.Entry e : m.entries().values()) {
                map.put(e.key(), toJava(e.value(), Fields.path(path, e.key()), fields, problems));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node instanceof Sequence seq) {
            final List<Object> list = new ArrayList<>(seq.items().size());
            for (int i = 0; i < seq.items().size(); i++) {
                list.add(toJava(seq.items().get(i), path + "[" + i + "]", fields, problems));
            }
            return Collections.unmodifiableList(list);
        }
        final Scalar s = (Scalar) node;
        return switch (s.kind()) {
            case INTEGER -> narrow((BigInteger) s.value());
            case ALIAS -> {
                problems.add(s.at(), path, s.describe(), "a value written out (aliases are not supported)");
                yield null;
            }
            default -> s.value();
        };
    }

    private static Object narrow(final BigInteger v) {
        if (v.bitLength() < 32) {
            return v.intValue();
        }
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
