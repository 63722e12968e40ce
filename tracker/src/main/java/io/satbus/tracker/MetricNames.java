package io.satbus.tracker;

/**
 * Metric names, one spelling (design.md "Metric names"): {@code satbus.<topology>.<satellite>.<metric>},
 * {@code satbus.<topology>.<satellite>.<instance>.<metric>}, and the two roles'
 * {@code satbus.<topology>.tracker.*} and {@code satbus.<topology>.orchester.*}, the JVM's
 * {@code satbus.<topology>.<role>.jvm.*}, and the run's accounting {@code satbus.<topology>.run.*}
 * (no satellite may be named {@code orchester}, {@code tracker} or {@code run}). Stateless.
 */
public final class MetricNames {
    public static final String ROOT = "satbus";

    private MetricNames() {
    }

    /** {@code satbus.<topology>.<satellite>}. */
    public static String stage(final String topology, final String satellite) {
        return ROOT + "." + topology + "." + satellite;
    }

    /** {@code satbus.<topology>.<satellite>.<instance>}. */
    public static String instance(final String topology, final String satellite, final int instance) {
        return stage(topology, satellite) + "." + instance;
    }

    /** {@code satbus.<topology>.tracker}. */
    public static String tracker(final String topology) {
        return ROOT + "." + topology + ".tracker";
    }

    /** {@code satbus.<topology>.orchester}. */
    public static String orchester(final String topology) {
        return ROOT + "." + topology + ".orchester";
    }

    /** {@code satbus.<topology>.run}: the run's accounting, as its supervisors report it. */
    public static String run(final String topology) {
        return ROOT + "." + topology + ".run";
    }

    /**
     * {@code satbus.<topology>.<role>.jvm}: the JVM metrics of the process playing {@code role}
     * ({@code orchester} or {@code tracker}), registered by {@code report.MetricsReporting}.
     */
    public static String jvm(final String topology, final String role) {
        return ROOT + "." + topology + "." + role + ".jvm";
    }

    /**
     * {@code satbus.<topology>.<role>.http}: the connections of the local HTTP view of the process
     * playing {@code role}, registered by {@code http.StatsServer}.
     */
    public static String http(final String topology, final String role) {
        return ROOT + "." + topology + "." + role + ".http";
    }
}
