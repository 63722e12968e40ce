package io.satbus.satellites.runtime;

import io.satbus.core.topology.ConfigCheck;
import io.satbus.core.topology.ConfigProblem;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The check of the built-in satellite types' {@code config} that the topology loader runs
 * ({@code satbus validate}, and every command before it starts anything): each built-in type
 * reads its config as it would at start ({@link Configurable#configure}) from a
 * {@link SatelliteConfig#problemsOf} configuration, which records every wrong value instead of
 * throwing; a key it never asks for is unknown. A satellite with {@code class:} is checked only by
 * {@link #WITH_CLASSES} (its class is loaded when it starts). Stateless and thread-safe.
 */
public final class BuiltinConfigCheck implements ConfigCheck {
    public static final BuiltinConfigCheck INSTANCE = new BuiltinConfigCheck(false);
    /**
     * Also checks each {@code class:} of a satellite placed on this host (no {@code host:}) without
     * running its code ({@link SatelliteFactory#check}): what {@code satbus validate} runs, where
     * the jars are. Not for every command: another host's jars need not be here.
     */
    public static final BuiltinConfigCheck WITH_CLASSES = new BuiltinConfigCheck(true);

    private final boolean classes;

    private BuiltinConfigCheck(final boolean classes) {
        this.classes = classes;
    }

    @Override
    public List<ConfigProblem> check(final SatelliteSpec spec, final Path baseDir) {
        if (spec.className() != null && classes && spec.host() == null) {
            try {
                SatelliteFactory.check(spec, baseDir == null ? Path.of(".") : baseDir);
            } catch (IllegalArgumentException ex) {
                return List.of(ConfigProblem.message(ex.getMessage()));
            }
        }
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
        return SatelliteConfig.problemsOf(spec.name(), spec.config(),
            config -> configurable.configure(new RuntimeContext("", spec, 0, folder, () -> false, config, () -> 0)));
    }
}
