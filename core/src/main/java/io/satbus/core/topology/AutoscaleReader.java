package io.satbus.core.topology;

import io.satbus.core.topology.YamlNode.Mapping;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads a satellite's {@code autoscale} map ({@link AutoscaleSpec}) and the checks that tie it to
 * the rest of the satellite: only a worker that subscribes to nothing may autoscale, and a written
 * {@code instances} must lie within {@code min..max}. Owned by the loading thread.
 */
final class AutoscaleReader {
    static final List<String> KEYS = List.of("min", "max", "high", "low", "up_after", "down_after");

    private static final String EXPECTED_COUNT = "an integer 1.." + SatelliteSpec.MAX_INSTANCES;
    private static final String EXPECTED_SATELLITE =
        "autoscale only on a worker: a satellite with a service that subscribes to nothing";

    private final Fields fields;
    private final Problems problems;

    AutoscaleReader(final Fields fields, final Problems problems) {
        this.fields = fields;
        this.problems = problems;
    }

    /**
     * The autoscale rule of satellite {@code m} at {@code path}, or null when it has none or
     * (reported) a broken one.
     *
     * @param service   the satellite's service, null for a source
     * @param subscribe its topic prefixes
     */
    AutoscaleSpec read(final Mapping m, final String path, final String service, final List<String> subscribe) {
        final YamlNode node = m.get("autoscale");
        if (node == null) {
            return null;
        }
        final String at = Fields.path(path, "autoscale");
        final Mapping a = fields.asMapping(node, at, "a map with min and max");
        if (a == null) {
            return null;
        }
        boolean valid = true;
        if (service == null) {
            problems.add(a.at(), at, "given for a source, which serves no service", EXPECTED_SATELLITE);
            valid = false;
        } else if (!subscribe.isEmpty()) {
            problems.add(a.at(), at, "given for a subscriber, whose every instance receives every topic message",
                EXPECTED_SATELLITE);
            valid = false;
        }
        fields.checkKeys(a, at, KEYS);
        valid &= fields.require(a, at, "min", EXPECTED_COUNT) & fields.require(a, at, "max", EXPECTED_COUNT);
        final int min = fields.integer(a, at, "min", 1, SatelliteSpec.MAX_INSTANCES, -1);
        final int max = fields.integer(a, at, "max", 1, SatelliteSpec.MAX_INSTANCES, -1);
        valid &= min > 0 && max > 0;
        if (min > 0 && max > 0 && max < min) {
            problems.add(a.get("max").at(), Fields.path(at, "max"), max + ", less than min " + min, "max >= min");
            valid = false;
        }
        final double high = fields.fraction(a, at, "high", Double.NaN);
        final double low = fields.fraction(a, at, "low", Double.NaN);
        valid &= watermarksInOrder(a, at, high, low);
        final long upAfterMs = duration(a, at, "up_after", AutoscaleSpec.DEFAULT_UP_AFTER_MS);
        final long downAfterMs = duration(a, at, "down_after", AutoscaleSpec.DEFAULT_DOWN_AFTER_MS);
        if (!valid || upAfterMs < 0 || downAfterMs < 0) {
            return null;
        }
        return new AutoscaleSpec(min, max, orDefault(a, "high", high, AutoscaleSpec.DEFAULT_HIGH),
            orDefault(a, "low", low, AutoscaleSpec.DEFAULT_LOW), upAfterMs, downAfterMs);
    }

    /** The duration at {@code key}, its default when absent, or -1 (reported) when it is not a duration > 0. */
    private long duration(final Mapping a, final String at, final String key, final long dflt) {
        return a.get(key) == null ? dflt : fields.durationMs(a, at, key, 1, -1);
    }

    /**
     * Reports {@code low >= high}, at {@code low} when it is written (else at {@code high}); a
     * watermark given wrong (NaN, reported already) is checked no further.
     */
    private boolean watermarksInOrder(final Mapping a, final String at, final double given, final double givenLow) {
        if (Double.isNaN(given) && a.get("high") != null || Double.isNaN(givenLow) && a.get("low") != null) {
            return false;
        }
        final double high = orDefault(a, "high", given, AutoscaleSpec.DEFAULT_HIGH);
        final double low = orDefault(a, "low", givenLow, AutoscaleSpec.DEFAULT_LOW);
        if (low < high) {
            return true;
        }
        if (a.get("low") != null) {
            problems.add(a.get("low").at(), Fields.path(at, "low"), text(low) + ", not below high " + text(high),
                "low < high");
        } else {
            problems.add(a.get("high").at(), Fields.path(at, "high"), text(high) + ", not above low " + text(low),
                "high > low");
        }
        return false;
    }

    private static double orDefault(final Mapping a, final String key, final double given, final double dflt) {
        return a.get(key) == null ? dflt : given;
    }

    /** {@code 0.8}, {@code 1}: as short as the number allows. */
    static String text(final double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * Reports {@code instances} outside the rule's range, at {@code instances}; call only when
     * {@code instances} is written.
     */
    void checkInstances(final Mapping m, final String path, final int instances, final AutoscaleSpec rule) {
        if (!rule.allows(instances)) {
            problems.add(m.get("instances").at(), Fields.path(path, "instances"), instances + ", outside autoscale "
                + rule.min() + ".." + rule.max(), "instances within autoscale min..max, or no instances: start with min");
        }
    }
}
