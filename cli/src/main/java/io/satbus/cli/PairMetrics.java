package io.satbus.cli;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.satbus.orchester.Orchester;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.tracker.MetricNames;

/**
 * The metrics of one orchester of a pair, under {@code satbus.<topology>.orchester.<role>}:
 * {@code failovers} (times it became active after being passive) and {@code state} (0 starting,
 * 1 passive, 2 active). The two orchesters of a pair report the same names for everything else,
 * so only the active one sends them to Graphite ({@link #whileActive}); its pair metrics go
 * always. Read on the reporter's thread from {@link Orchester#lastPair()}.
 */
final class PairMetrics {
    /** {@code state} of an orchester that is starting (primary or backup, its peer not heard yet). */
    static final int STARTING = 0;
    static final int PASSIVE = 1;
    static final int ACTIVE = 2;

    private PairMetrics() {
    }

    /** {@code satbus.<topology>.orchester.<role>}: where {@code orchester}'s pair metrics go. */
    static String prefix(final String topology, final Orchester orchester) {
        return MetricNames.orchester(topology) + "." + orchester.config().pair().role().label();
    }

    static void register(final MetricRegistry registry, final String topology, final Orchester orchester) {
        final String prefix = prefix(topology, orchester);
        registry.register(prefix + ".failovers", (Gauge<Long>) () -> {
            final OrchesterStatus.PairStatus p = orchester.lastPair();
            return p == null ? 0L : p.failovers();
        });
        registry.register(prefix + ".state", (Gauge<Integer>) () -> stateOf(orchester.lastPair()));
    }

    static int stateOf(final OrchesterStatus.PairStatus p) {
        if (p == null) {
            return STARTING;
        }
        return switch (p.state()) {
            case "active" -> ACTIVE;
            case "passive" -> PASSIVE;
            default -> STARTING;
        };
    }

    /** Every metric while {@code orchester} is active; while it is not, only its pair metrics. */
    static MetricFilter whileActive(final String topology, final Orchester orchester) {
        final String failovers = prefix(topology, orchester) + ".failovers";
        final String state = prefix(topology, orchester) + ".state";
        return (name, metric) -> name.equals(failovers) || name.equals(state) || stateOf(orchester.lastPair()) == ACTIVE;
    }
}
