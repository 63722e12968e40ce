package io.satbus.satellites.runtime;

import io.satbus.core.envelope.Envelope;
import io.satbus.core.topology.SatelliteSpec;
import io.satbus.satellites.api.SatelliteConfig;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.api.Wiring;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** The context of one instance. Immutable apart from the stopping flag it reads; thread-safe. */
final class RuntimeContext implements SatelliteContext {
    /** Config key of the content type of messages made from a bare payload. */
    static final String CONTENT_TYPE_KEY = "content_type";

    private final String topology;
    private final SatelliteSpec spec;
    private final int instance;
    private final SatelliteConfig config;
    private final Path baseDir;
    private final String contentType;
    private final BooleanSupplier stopping;
    private final LongSupplier resumePosition;

    RuntimeContext(final String topology, final SatelliteSpec spec, final int instance, final Path baseDir,
                   final BooleanSupplier stopping, final LongSupplier resumePosition) {
        this(topology, spec, instance, baseDir, stopping, SatelliteConfig.of(spec.name(), spec.config()), resumePosition);
    }

    /** With {@code config} read from {@code spec}'s (one {@link SatelliteConfig#problemsOf} reads, to check it). */
    RuntimeContext(final String topology, final SatelliteSpec spec, final int instance, final Path baseDir,
                   final BooleanSupplier stopping, final SatelliteConfig config, final LongSupplier resumePosition) {
        this.topology = topology;
        this.spec = spec;
        this.instance = instance;
        this.config = config;
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.contentType = config.string(CONTENT_TYPE_KEY, Envelope.DEFAULT_CONTENT_TYPE);
        this.stopping = stopping;
        this.resumePosition = resumePosition;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public int instance() {
        return instance;
    }

    @Override
    public String topology() {
        return topology;
    }

    @Override
    public Wiring wiring() {
        return new Wiring(spec.service(), spec.sendTo(), spec.publish(), spec.subscribe());
    }

    /** The satellite's whole entry, for the runtime (its authors see {@link #wiring()}). */
    SatelliteSpec spec() {
        return spec;
    }

    @Override
    public SatelliteConfig config() {
        return config;
    }

    @Override
    public Path baseDir() {
        return baseDir;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public boolean stopping() {
        return stopping.getAsBoolean();
    }

    @Override
    public long resumePosition() {
        return resumePosition.getAsLong();
    }

    /** "name.instance", for logs and messages: an instance is named so everywhere (status, logs, files). */
    String label() {
        return spec.name() + "." + instance;
    }
}
