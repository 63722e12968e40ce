package io.satbus.core.topology;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One satellite of a topology: what runs (a built-in {@code type}, a user {@code className}
 * with its {@code classpath}, or a {@code command} in any language), how many instances, and how
 * it is wired.
 *
 * @param name        satellite name, unique in the topology
 * @param type        built-in type ({@link SatelliteTypes}), or null when {@code className} or
 *                    {@code command} is set
 * @param className   fully qualified class of a user satellite, or null
 * @param classpath   jar or folder holding {@code className}; the loader resolves it against the
 *                    topology file's folder (when read from a file); may be null
 * @param instances   how many instances run, at least 1
 * @param service     service name it works for; defaults to the satellite name; null for a pure source
 * @param sendTo      service its output is sent to, or null
 * @param publish     topics its output is published on
 * @param subscribe   topic prefixes it receives
 * @param credit      requests one instance may hold at once
 * @param timeoutMs   its deadline, or 0 for the tracker default
 * @param maxRetries  its retry limit, or -1 for the tracker default
 * @param config      satellite-specific settings, as read from the file
 * @param host        name of the host whose supervisor runs it ({@code satbus run --host NAME}), or null
 *                    for the main host, the one that runs the orchester
 * @param autoscale   how {@code satbus run} resizes it by its load, or null: it keeps {@code instances}
 * @param command     the program {@code satbus run} starts per instance, for a satellite in any
 *                    language, or null for a Java satellite ({@code type} or {@code className})
 * @param custody     its repeat window and outbox
 * @param limits      the largest request its service accepts and how long one may wait queued
 */
public record SatelliteSpec(String name, String type, String className, String classpath, int instances,
                            String service, String sendTo, List<String> publish, List<String> subscribe,
                            int credit, long timeoutMs, int maxRetries, Map<String, Object> config,
                            String host, AutoscaleSpec autoscale, CommandSpec command, CustodySpec custody,
                            LimitsSpec limits) {
    public static final int DEFAULT_INSTANCES = 1;
    public static final int DEFAULT_CREDIT = 100;
    /** Most instances one satellite may run. */
    public static final int MAX_INSTANCES = 1000;
    /** Most requests one instance may hold; the worker-info frame's limit. */
    public static final int MAX_CREDIT = io.satbus.core.protocol.WorkerInfo.MAX_CREDIT;

    public SatelliteSpec {
        Objects.requireNonNull(name, "name");
        publish = List.copyOf(publish == null ? List.of() : publish);
        subscribe = List.copyOf(subscribe == null ? List.of() : subscribe);
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        custody = custody == null ? CustodySpec.defaults() : custody;
        limits = limits == null ? LimitsSpec.defaults() : limits;
    }

    /** With the topology-wide message size and queue timeout. */
    public SatelliteSpec(final String name, final String type, final String className, final String classpath,
                         final int instances, final String service, final String sendTo, final List<String> publish,
                         final List<String> subscribe, final int credit, final long timeoutMs, final int maxRetries,
                         final Map<String, Object> config, final String host, final AutoscaleSpec autoscale,
                         final CommandSpec command, final CustodySpec custody) {
        this(name, type, className, classpath, instances, service, sendTo, publish, subscribe, credit, timeoutMs,
            maxRetries, config, host, autoscale, command, custody, null);
    }

    /** With the default repeat window and no outbox. */
    public SatelliteSpec(final String name, final String type, final String className, final String classpath,
                         final int instances, final String service, final String sendTo, final List<String> publish,
                         final List<String> subscribe, final int credit, final long timeoutMs, final int maxRetries,
                         final Map<String, Object> config, final String host, final AutoscaleSpec autoscale,
                         final CommandSpec command) {
        this(name, type, className, classpath, instances, service, sendTo, publish, subscribe, credit, timeoutMs,
            maxRetries, config, host, autoscale, command, (CustodySpec) null);
    }

    /** A Java satellite. */
    public SatelliteSpec(final String name, final String type, final String className, final String classpath,
                         final int instances, final String service, final String sendTo, final List<String> publish,
                         final List<String> subscribe, final int credit, final long timeoutMs, final int maxRetries,
                         final Map<String, Object> config, final String host, final AutoscaleSpec autoscale) {
        this(name, type, className, classpath, instances, service, sendTo, publish, subscribe, credit, timeoutMs,
            maxRetries, config, host, autoscale, null);
    }

    /** A satellite that does not autoscale. */
    public SatelliteSpec(final String name, final String type, final String className, final String classpath,
                         final int instances, final String service, final String sendTo, final List<String> publish,
                         final List<String> subscribe, final int credit, final long timeoutMs, final int maxRetries,
                         final Map<String, Object> config, final String host) {
        this(name, type, className, classpath, instances, service, sendTo, publish, subscribe, credit, timeoutMs,
            maxRetries, config, host, null);
    }

    /** A satellite of the main host. */
    public SatelliteSpec(final String name, final String type, final String className, final String classpath,
                         final int instances, final String service, final String sendTo, final List<String> publish,
                         final List<String> subscribe, final int credit, final long timeoutMs, final int maxRetries,
                         final Map<String, Object> config) {
        this(name, type, className, classpath, instances, service, sendTo, publish, subscribe, credit, timeoutMs,
            maxRetries, config, null, null);
    }

    /** True when it registers as a worker and so receives service requests. */
    public boolean isWorker() {
        return service != null;
    }

    /** True when it produces on its own: it serves no service and subscribes to nothing (a generator, a fetcher). */
    public boolean isSource() {
        return !isWorker() && subscribe.isEmpty();
    }

    /** True when it sends nowhere and publishes nothing: a sink, whose handled count is delivered. */
    public boolean isTerminal() {
        return sendTo == null && publish.isEmpty();
    }

    /** A copy with another instance count. */
    public SatelliteSpec withInstances(final int n) {
        return new SatelliteSpec(name, type, className, classpath, n, service, sendTo, publish, subscribe,
            credit, timeoutMs, maxRetries, config, host, autoscale, command, custody, limits);
    }

    /** True when it is a program in any language ({@link #command()}), not a Java satellite. */
    public boolean isCommand() {
        return command != null;
    }

    /** True when it may autoscale: it works for a service and subscribes to nothing. */
    public boolean canAutoscale() {
        return isWorker() && subscribe.isEmpty();
    }
}
