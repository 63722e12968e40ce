package io.satbus.satellites.runtime;

import io.satbus.core.topology.ConfigCheck;
import io.satbus.core.topology.ConfigProblem;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The check of the built-in satellite types' {@code config} that the topology loader runs
 * ({@code satbus validate}, and every command before it starts anything): each built-in type
 * reads its config as it would at start ({@link Configurable#configure}) from a
 * {@link SatelliteConfig#checking} configuration, which records every wrong value instead of
 * throwing; a key it never asks for is unknown. A satellite with {@code class:} is not checked
 * here (its class is loaded when it starts). Stateless and thread-safe.
 */
public final class BuiltinConfigCheck implements ConfigCheck {
    public static final BuiltinConfigCheck INSTANCE = new BuiltinConfigCheck();

    private BuiltinConfigCheck() {
    }

    @Override
    public List<ConfigProblem> check(final SatelliteSpec spec, final Path baseDir) {
        if (spec.type() == null || spec.className() != null) {
            return List.of();
        }
        final Path folder = baseDir == null ? Path.of(".") : baseDir;
        final Satellite satellite;
        try {
            satellite = SatelliteFactory.create(spec, folder);
        } catch (IllegalArgumentException unknownType) {
            return List.of(); // the topology schema reports an unknown type
        }
        if (!(satellite instanceof Configurable configurable)) {
            return List.of();
        }
        final SatelliteConfig config = SatelliteConfig.checking(spec.name(), spec.config());
        final RuntimeContext context = new RuntimeContext("", spec, 0, folder, () -> false, config, () -> 0);
        final List<ConfigProblem> problems = new ArrayList<>();
        boolean complete = true;
        try {
            configurable.configure(context);
        } catch (RuntimeException ex) {
            complete = false;
            if (!config.recorded(ex)) {
                problems.add(said(spec.name(), String.valueOf(ex.getMessage())));
            }
        }
        problems.addAll(0, config.problems());
        if (complete) {
            // After a value that stopped the reading, later keys were never asked for: not unknown.
            problems.addAll(config.unreadKeys());
        }
        return problems;
    }

    /** A problem the type said whole; when it names a config key ({@code satellites.N.config.KEY : ...}), at that key. */
    private static ConfigProblem said(final String satellite, final String message) {
        final String prefix = "satellites." + satellite + ".config.";
        final int colon = message.indexOf(" : ");
        if (message.startsWith(prefix) && colon > prefix.length()) {
            return ConfigProblem.message(message.substring(prefix.length(), colon), message);
        }
        return ConfigProblem.message(message);
    }
}
