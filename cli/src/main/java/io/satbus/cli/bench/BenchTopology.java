package io.satbus.cli.bench;

import io.satbus.core.security.SecuritySpec;
import io.satbus.core.topology.OrchesterSpec;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.core.topology.Topology;
import io.satbus.supervisor.CommandSatellite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The topology one variant runs: the file's, with the variant's values applied, its generators
 * made endless at the bench's rate and payload size, and the orchester moved to free ports of
 * {@code 127.0.0.1} (the bench is one process; nothing outside needs to reach it). Immutable.
 *
 * <p>Keys of {@code --vary}: {@code tracker} ({@code on}/{@code off}), {@code rate} (messages per
 * second, {@code max} for flat out, or {@code N%} of the first variant's throughput),
 * {@code payload_size} (bytes), {@code custody} ({@code true}/{@code false}: the topology's
 * top-level {@code custody}; false is the hop-by-hop path before it, to measure its cost),
 * {@code security} ({@code off}: none; {@code curve}: CURVE on every socket, with the file's
 * security section, else with keys made for the run in a temporary folder and each satellite's
 * default rights), {@code satellites.NAME.instances}, {@code satellites.NAME.credit},
 * {@code satellites.NAME.config.KEY}.
 *
 * @param topology    what to run
 * @param tracking    true to run the tracker in process, false for none
 * @param ratePerSec  the generators' rate, 0 for flat out
 * @param payloadSize the generators' payload size
 */
record BenchTopology(Topology topology, boolean tracking, double ratePerSec, int payloadSize) {
    static final String TRACKER = "tracker";
    static final String CUSTODY = "custody";
    static final String RATE = "rate";
    static final String PAYLOAD_SIZE = "payload_size";
    static final String SECURITY = "security";
    static final String KEYS = "tracker, rate, payload_size, custody, security, satellites.NAME.instances, "
        + "satellites.NAME.credit, satellites.NAME.config.KEY";

    /**
     * The topology of {@code variant}; {@code referenceRate} is what {@code rate=N%} is a
     * percentage of (the first variant's throughput), NaN when there is none yet.
     *
     * @throws IllegalArgumentException naming the key or value that does not fit
     */
    static BenchTopology of(final Topology file, final Variant variant, final BenchSettings settings,
                            final double referenceRate) {
        CommandSatellite.refuse(file, "satbus bench", "Java satellites only: to measure the bus, put a Java satellite"
            + " (a built-in transformer with a delay, say) in its place; to watch a command satellite, use satbus run's"
            + " live table");
        boolean tracking = true;
        boolean custody = file.custody();
        String security = file.security() == null ? "off" : "curve";
        String rate = settings.rate();
        int payloadSize = settings.payloadSize();
        final Map<String, SatelliteSpec> sats = new LinkedHashMap<>(file.satellites());
        for (final Map.Entry<String, String> e : variant.params().entrySet()) {
            final String key = e.getKey();
            final String value = e.getValue();
            if (key.equals(TRACKER)) {
                tracking = onOff(key, value);
            } else if (key.equals(CUSTODY)) {
                custody = onOff(key, value);
            } else if (key.equals(SECURITY)) {
                if (!value.equals("off") && !value.equals("curve")) {
                    throw new IllegalArgumentException("--vary security : " + value + " (expected: off or curve)");
                }
                security = value;
            } else if (key.equals(RATE)) {
                rate = value;
            } else if (key.equals(PAYLOAD_SIZE)) {
                payloadSize = nonNegativeInt(key, value);
            } else if (key.startsWith("satellites.")) {
                satellite(file, sats, key, value);
            } else {
                throw new IllegalArgumentException("--vary " + key + " : unknown key (expected one of: " + KEYS + ")");
            }
        }
        final double ratePerSec = rate(rate, referenceRate);
        boolean generators = false;
        for (final SatelliteSpec s : List.copyOf(sats.values())) {
            if ("generator".equals(s.type())) {
                final Map<String, Object> config = new LinkedHashMap<>(s.config());
                config.put("count", 0);
                config.put("rate", ratePerSec);
                config.put("payload_size", payloadSize);
                sats.put(s.name(), with(s, s.instances(), s.credit(), config));
                generators = true;
            }
        }
        if (!generators) {
            throw new IllegalArgumentException("topology " + file.name() + " : no satellite of type generator (expected: "
                + "at least one, to drive the bench)");
        }
        final int[] ports = freePorts();
        final OrchesterSpec o = file.orchester();
        final OrchesterSpec moved = new OrchesterSpec("127.0.0.1", ports[0], ports[1], ports[2], o.heartbeatIntervalMs(),
            o.heartbeatLiveness(), o.maxMessageBytes(), o.maxQueuedBytes(), o.maxServiceBytes(), o.maxPeerBytes());
        final SecuritySpec keys = security.equals("off") ? null
            : file.security() != null ? file.security() : BenchKeys.make(sats);
        return new BenchTopology(new Topology(file.name(), file.source(), moved, file.tracker(), sats, file.supervisor(),
            custody, keys), tracking, ratePerSec, payloadSize);
    }

    private static void satellite(final Topology file, final Map<String, SatelliteSpec> sats, final String key,
                                  final String value) {
        final String[] parts = key.split("\\.", 4);
        if (parts.length < 3 || !file.satellites().containsKey(parts[1])) {
            throw new IllegalArgumentException("--vary " + key + " : no such satellite (expected: satellites.NAME.FIELD "
                + "with NAME one of " + file.satellites().keySet() + ")");
        }
        final SatelliteSpec s = sats.get(parts[1]);
        switch (parts[2]) {
            case "instances" -> sats.put(s.name(), with(s, positiveInt(key, value), s.credit(), s.config()));
            case "credit" -> sats.put(s.name(), with(s, s.instances(), positiveInt(key, value), s.config()));
            case "config" -> {
                if (parts.length < 4) {
                    throw new IllegalArgumentException("--vary " + key + " : no config key (expected: "
                        + "satellites.NAME.config.KEY)");
                }
                final Map<String, Object> config = new LinkedHashMap<>(s.config());
                config.put(parts[3], scalar(value));
                sats.put(s.name(), with(s, s.instances(), s.credit(), config));
            }
            default -> throw new IllegalArgumentException("--vary " + key + " : unknown field \"" + parts[2]
                + "\" (expected: instances, credit or config.KEY)");
        }
    }

    private static SatelliteSpec with(final SatelliteSpec s, final int instances, final int credit,
                                      final Map<String, Object> config) {
        return new SatelliteSpec(s.name(), s.type(), s.className(), s.classpath(), instances, s.service(), s.sendTo(),
            s.publish(), s.subscribe(), credit, s.timeoutMs(), s.maxRetries(), config, s.host(), s.autoscale(),
            s.command(), s.custody());
    }

    static double rate(final String rate, final double referenceRate) {
        final String r = rate.trim().toLowerCase(Locale.ROOT);
        if (r.equals("max") || r.equals("0")) {
            return 0;
        }
        try {
            if (r.endsWith("%")) {
                final double percent = Double.parseDouble(r.substring(0, r.length() - 1));
                if (Double.isNaN(referenceRate)) {
                    throw new IllegalArgumentException("rate : " + rate + " (expected: a percentage only after a first "
                        + "variant measured flat out, e.g. --vary rate=max,50%)");
                }
                return Math.max(1, Math.floor(referenceRate * percent / 100));
            }
            final double v = Double.parseDouble(r);
            if (v >= 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        throw new IllegalArgumentException("rate : " + rate + " (expected: messages per second >= 0, max, or N%)");
    }

    private static boolean onOff(final String key, final String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("--vary " + key + "=" + value + " (expected: on or off, true or false)");
        };
    }

    private static int positiveInt(final String key, final String value) {
        final int n = nonNegativeInt(key, value);
        if (n < 1) {
            throw new IllegalArgumentException("--vary " + key + "=" + value + " (expected: an integer >= 1)");
        }
        return n;
    }

    private static int nonNegativeInt(final String key, final String value) {
        try {
            final int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ex) {
            // reported below
        }
        throw new IllegalArgumentException("--vary " + key + "=" + value + " (expected: an integer >= 0)");
    }

    private static Object scalar(final String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException notInt) {
            try {
                return Double.valueOf(value);
            } catch (NumberFormatException notNumber) {
                return value;
            }
        }
    }

    /** Three distinct ports free on 127.0.0.1 now. */
    static int[] freePorts() {
        final ServerSocket[] held = new ServerSocket[3];
        final int[] ports = new int[3];
        try {
            for (int i = 0; i < 3; i++) {
                held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } catch (IOException ex) {
            throw new UncheckedIOException("bench : no free port on 127.0.0.1", ex);
        } finally {
            for (final ServerSocket s : held) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing a probe socket; the orchester's bind reports a port in use
                    }
                }
            }
        }
    }
}
