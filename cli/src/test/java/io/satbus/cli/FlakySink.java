package io.satbus.cli;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * A sink whose writes fail for a while: once the file {@code config.fail_after} exists, the next
 * {@code config.fail_count} distinct messages fail (every attempt of each), then writes succeed
 * again. Writes the built-in sink's lines ({@code <id> TAB <payload>}) to {@code config.path}.
 * Loaded by a test from a jar of its own ({@code class:}/{@code classpath:}), as a user's class is;
 * hence no lambda and no nested class, whose class files the jar would need too.
 *
 * <p>Runtime thread only.
 */
public final class FlakySink implements Satellite {
    /** What every failed attempt says; the dead letters' history carries it. */
    static final String REFUSED = "write refused: the disk is failing (FlakySink)";

    private final Set<Long> failing = new HashSet<>();
    private BufferedWriter file;
    private Path marker;
    private int failCount;

    @Override
    public void open(final SatelliteContext context) throws IOException {
        final Path path = context.baseDir().resolve(context.config().string("path", "out/flaky.txt"));
        marker = context.baseDir().resolve(context.config().string("fail_after", "fail-now"));
        failCount = context.config().integer("fail_count", 1);
        Files.createDirectories(path.toAbsolutePath().getParent());
        file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    @Override
    public void onMessage(final Envelope message, final Output out) throws IOException {
        if (failing.contains(message.id())) {
            throw new IOException(REFUSED);
        }
        if (failing.size() < failCount && Files.exists(marker)) {
            failing.add(message.id());
            throw new IOException(REFUSED);
        }
        file.append(Long.toUnsignedString(message.id())).append('\t')
            .append(new String(message.payload(), StandardCharsets.UTF_8)).append('\n');
        file.flush();
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
