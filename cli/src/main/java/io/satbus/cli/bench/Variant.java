package io.satbus.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration to measure: the {@code --vary} values it takes, in the order the options
 * were given. Immutable.
 *
 * @param params key to value, e.g. {@code satellites.upper.instances -> 2}; empty for the topology as written
 */
record Variant(Map<String, String> params) {
    Variant {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** {@code key=value,key=value}, or {@code as written} for no parameters. */
    String label() {
        if (params.isEmpty()) {
            return "as written";
        }
        final StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /**
     * Every combination of the {@code --vary KEY=V1,V2,...} options, the first option varying
     * slowest; one variant without parameters when there is none.
     *
     * @throws IllegalArgumentException naming the option that is not {@code KEY=V1[,V2...]}, or a key given twice
     */
    static List<Variant> expand(final List<String> varyOptions) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (final String option : varyOptions) {
            final int eq = option.indexOf('=');
            if (eq <= 0 || eq == option.length() - 1) {
                throw new IllegalArgumentException("--vary " + option + " (expected: KEY=V1,V2,... e.g. "
                    + "satellites.upper.instances=1,2,4)");
            }
            final String key = option.substring(0, eq).trim();
            if (combos.get(0).containsKey(key)) {
                throw new IllegalArgumentException("--vary " + key + " : given twice (expected: each key once)");
            }
            final List<Map<String, String>> next = new ArrayList<>();
            for (final Map<String, String> base : combos) {
                for (final String raw : option.substring(eq + 1).split(",")) {
                    final String value = raw.trim();
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("--vary " + option + " : an empty value (expected: "
                            + "KEY=V1,V2,... without empty items)");
                    }
                    final Map<String, String> m = new LinkedHashMap<>(base);
                    m.put(key, value);
                    next.add(m);
                }
            }
            combos = next;
        }
        final List<Variant> out = new ArrayList<>(combos.size());
        combos.forEach(m -> out.add(new Variant(m)));
        return out;
    }
}
