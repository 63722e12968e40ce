package io.satbus.satellites.builtin;

import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.api.SatelliteConfig;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.api.Wiring;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A context for driving a built-in without a runtime. */
public record TestContext(SatelliteSpec spec, Path baseDir) implements SatelliteContext {
    public static TestContext of(final String name, final String sendTo, final List<String> publish,
                          final Map<String, Object> config, final Path baseDir) {
        return new TestContext(new SatelliteSpec(name, null, null, null, 1, name, sendTo, publish, List.of(), 10, 0, -1,
            config), baseDir);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public int instance() {
        return 0;
    }

    @Override
    public String topology() {
        return "t";
    }

    @Override
    public Wiring wiring() {
        return new Wiring(spec.service(), spec.sendTo(), spec.publish(), spec.subscribe());
    }

    @Override
    public SatelliteConfig config() {
        return SatelliteConfig.of(spec.name(), spec.config());
    }

    @Override
    public String contentType() {
        return "application/octet-stream";
    }

    @Override
    public boolean stopping() {
        return false;
    }
}
