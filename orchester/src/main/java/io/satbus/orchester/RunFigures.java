package io.satbus.orchester;

import io.satbus.core.tracking.SatelliteFigures;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's accounting as the supervisors of the topology report it to the admin service
 * ({@code run HOST GENERATED DELIVERED DUPLICATES DEAD LOST}, about once a second): each host's
 * last figures, and their sum, which goes to the tracker with every status for its metrics; and
 * each satellite's own figures ({@code satellite NAME ...}, {@link SatelliteFigures}), which go
 * with them.
 * The orchester only carries them; the supervisors count them, from reports that survive the
 * death of whoever counted. A new report from a host replaces that host's figures.
 *
 * <p>NOT thread safe: the orchester thread owns it.
 */
final class RunFigures {
    /** generated, delivered, duplicates, dead, lost. */
    static final int FIGURES = 5;
    /** Most hosts kept, so that a client inventing host names cannot grow the map without bound. */
    static final int MAX_HOSTS = 1000;

    /** Most satellites kept: as many as a topology may have, with room. */
    static final int MAX_SATELLITES = 10_000;

    private final Map<String, long[]> byHost = new TreeMap<>();
    private final Map<String, SatelliteFigures> bySatellite = new TreeMap<>();

    /**
     * Keeps {@code figures} as {@code host}'s.
     *
     * @return false, keeping nothing, when {@link #MAX_HOSTS} other hosts are kept already
     */
    boolean put(final String host, final long[] figures) {
        if (figures.length != FIGURES) {
            throw new IllegalArgumentException("figures : " + figures.length + " (expected: " + FIGURES + ")");
        }
        if (!byHost.containsKey(host) && byHost.size() >= MAX_HOSTS) {
            return false;
        }
        byHost.put(host, figures.clone());
        return true;
    }

    /** True until a supervisor has reported. */
    boolean isEmpty() {
        return byHost.isEmpty();
    }

    /** The figures summed over the hosts: generated, delivered, duplicates, dead, lost. */
    long[] sum() {
        final long[] sum = new long[FIGURES];
        for (long[] f : byHost.values()) {
            for (int i = 0; i < FIGURES; i++) {
                sum[i] += f[i];
            }
        }
        return sum;
    }

    /**
     * Keeps {@code figures} as its satellite's (a satellite runs on one host: the last report wins).
     *
     * @return false, keeping nothing, when {@link #MAX_SATELLITES} other satellites are kept already
     */
    boolean putSatellite(final SatelliteFigures figures) {
        if (!bySatellite.containsKey(figures.satellite()) && bySatellite.size() >= MAX_SATELLITES) {
            return false;
        }
        bySatellite.put(figures.satellite(), figures);
        return true;
    }

    /** Every satellite's last figures, by name. */
    Collection<SatelliteFigures> satellites() {
        return bySatellite.values();
    }
}
