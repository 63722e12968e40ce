package io.satbus.tracker.report;

/**
 * The metric names of design.md ("Metric names"), in one place for the reporters, the
 * dashboard and the docs (docs/metrics.md):
 *
 * <pre>
 * satbus.&lt;topology&gt;.&lt;satellite&gt;.&lt;metric&gt;              per satellite (its service)
 * satbus.&lt;topology&gt;.&lt;satellite&gt;.&lt;instance&gt;.&lt;metric&gt;   per instance
 * satbus.&lt;topology&gt;.orchester.&lt;metric&gt;                 the orchester
 * satbus.&lt;topology&gt;.tracker.&lt;metric&gt;                   the tracker
 * satbus.&lt;topology&gt;.&lt;role&gt;.jvm.&lt;metric&gt;                JVM of the process playing role
 * </pre>
 *
 * Topology and satellite names match {@code [A-Za-z0-9_-]+} (the topology loader checks), so
 * they need no escaping in a Graphite path. Stateless.
 */
public final class MetricNames {
    public static final String ROOT = "satbus";
    public static final String ORCHESTER = "orchester";
    public static final String TRACKER = "tracker";
    public static final String JVM = "jvm";

    /** Counter: attempts handed to a worker. */
    public static final String DISPATCHED = "dispatched";
    /** Counter: messages answered by a worker. */
    public static final String DONE = "done";
    /** Counter: attempts answered with an error reply. */
    public static final String ERRORS = "errors";
    /** Counter: attempts that passed their deadline. */
    public static final String TIMEOUTS = "timeouts";
    /** Counter: attempts dispatched again after a failed one. */
    public static final String RETRIES = "retries";
    /** Counter: messages given up on and sent to the dead-letter topic. */
    public static final String DEAD = "dead";
    /** Counter: replies for an attempt already closed (late or repeated). */
    public static final String DUPLICATES = "duplicates";
    /** Gauge: attempts dispatched and not yet closed. */
    public static final String IN_FLIGHT = "in_flight";
    /** Gauge: requests waiting for a worker. */
    public static final String QUEUE_DEPTH = "queue_depth";
    /** Gauge: workers registered and heard from recently. */
    public static final String WORKERS_ALIVE = "workers_alive";
    /** Timer: dispatch to reply. */
    public static final String LATENCY = "latency";

    /**
     * Suffix Dropwizard's GraphiteReporter gives a counter's value ({@code done} becomes
     * {@code done.count} in Graphite); gauges keep their bare name.
     */
    public static final String GRAPHITE_COUNT = "count";

    private MetricNames() {
    }

    /** {@code satbus.<topology>}. */
    public static String topology(final String topology) {
        return ROOT + '.' + requireName("topology", topology);
    }

    /** {@code satbus.<topology>.<satellite>.<metric>}. */
    public static String satellite(final String topology, final String satellite, final String metric) {
        return topology(topology) + '.' + requireName("satellite", satellite) + '.' + metric;
    }

    /** {@code satbus.<topology>.<satellite>.<instance>.<metric>}. */
    public static String instance(final String topology, final String satellite, final String instance,
                                  final String metric) {
        return topology(topology) + '.' + requireName("satellite", satellite) + '.' + requireName("instance", instance)
            + '.' + metric;
    }

    /** {@code satbus.<topology>.<role>}, the prefix of a role's own metrics (orchester, tracker). */
    public static String role(final String topology, final String role) {
        return topology(topology) + '.' + requireName("role", role);
    }

    /** {@code satbus.<topology>.<role>.jvm}, the prefix of the JVM metrics of the process playing role. */
    public static String jvm(final String topology, final String role) {
        return role(topology, role) + '.' + JVM;
    }

    private static String requireName(final String what, final String name) {
        if (name == null || name.isEmpty() || name.indexOf('.') >= 0 || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(what + " : \"" + name + "\" (expected: a non-empty name without dots or"
                + " spaces, one Graphite path node)");
        }
        return name;
    }
}
