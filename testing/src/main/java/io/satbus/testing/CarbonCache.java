package io.satbus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * A real carbon-cache (Debian package graphite-carbon) in a temporary folder: its own
 * carbon.conf (storage, logs and pid under the folder; the plaintext receiver on a free port of
 * 127.0.0.1, pickle receiver and UDP off, cache query port ephemeral), a storage-schemas.conf
 * keeping 1 s points for an hour, run in the foreground:
 *
 * <pre>
 * carbon-cache --config=DIR/carbon.conf --nodaemon start
 * </pre>
 *
 * Values are read back from the whisper files with {@code whisper-fetch --json} (package
 * python3-whisper). A missing binary fails the test saying what to install.
 */
public final class CarbonCache implements AutoCloseable {
    public static final String INSTALL = "install the Debian packages graphite-carbon and python3-whisper"
        + " (apt-get install -y graphite-carbon python3-whisper; .ci/run does)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_TIMEOUT_MS = 60_000;

    private final Path dir;
    private final int linePort;
    private final Process process;
    private final Path whisperFetch;

    private CarbonCache(final Path dir, final int linePort, final Process process, final Path whisperFetch) {
        this.dir = dir;
        this.linePort = linePort;
        this.process = process;
        this.whisperFetch = whisperFetch;
    }

    /** Starts carbon-cache in {@code dir} and waits until its plaintext port accepts connections. */
    public static CarbonCache start(final Path dir) throws IOException {
        final Path carbon = executable("carbon-cache");
        final Path whisperFetch = executable("whisper-fetch");
        final int linePort = Ports.freePort();
        Files.createDirectories(dir.resolve("storage/whisper"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("carbon.conf"), String.join("\n",
            "[cache]",
            "STORAGE_DIR = " + dir.resolve("storage"),
            "LOCAL_DATA_DIR = " + dir.resolve("storage/whisper"),
            "WHITELISTS_DIR = " + dir.resolve("storage/lists"),
            "CONF_DIR = " + dir,
            "LOG_DIR = " + dir.resolve("log"),
            "PID_DIR = " + dir,
            "USER =",
            "DATABASE = whisper",
            "MAX_CACHE_SIZE = inf",
            "MAX_UPDATES_PER_SECOND = 10000",
            "MAX_CREATES_PER_MINUTE = inf",
            "LINE_RECEIVER_INTERFACE = 127.0.0.1",
            "LINE_RECEIVER_PORT = " + linePort,
            "ENABLE_UDP_LISTENER = False",
            "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
            "PICKLE_RECEIVER_PORT = 0",
            "CACHE_QUERY_INTERFACE = 127.0.0.1",
            "CACHE_QUERY_PORT = 0",
            "LOG_UPDATES = False",
            "WHISPER_AUTOFLUSH = True",
            "WHISPER_FALLOCATE_CREATE = False",
            ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("storage-schemas.conf"), String.join("\n",
            "[everything]",
            "pattern = .*",
            "retentions = 1s:1h",
            ""), StandardCharsets.UTF_8);
        final Process process = new ProcessBuilder(carbon.toString(), "--config=" + dir.resolve("carbon.conf"),
            "--nodaemon", "start")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("carbon.out").toFile())
            .start();
        final CarbonCache cache = new CarbonCache(dir, linePort, process, whisperFetch);
        try {
            ExternalProcesses.awaitPort("carbon-cache", process, linePort, START_TIMEOUT_MS, cache::log);
        } catch (RuntimeException | AssertionError ex) {
            cache.close();
            throw ex;
        }
        return cache;
    }

    public int linePort() {
        return linePort;
    }

    /** The whisper file of a metric path, where carbon puts it. */
    public Path whisperFile(final String metricPath) {
        return dir.resolve("storage/whisper").resolve(metricPath.replace('.', File.separatorChar) + ".wsp");
    }

    /** The newest value stored for {@code metricPath} in the last ten minutes, or empty. */
    public OptionalDouble lastValue(final String metricPath) {
        final Path file = whisperFile(metricPath);
        if (!Files.exists(file)) {
            return OptionalDouble.empty();
        }
        final long now = System.currentTimeMillis() / 1000;
        final List<String> command = List.of(whisperFetch.toString(), "--json", "--from=" + (now - 600),
            "--until=" + (now + 60), file.toString());
        try {
            final Process fetch = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String out = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!fetch.waitFor(30, TimeUnit.SECONDS) || fetch.exitValue() != 0) {
                fetch.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
            final JsonNode values = JSON.readTree(out).path("values");
            for (int i = values.size() - 1; i >= 0; i--) {
                if (!values.get(i).isNull()) {
                    return OptionalDouble.of(values.get(i).asDouble());
                }
            }
            return OptionalDouble.empty();
        } catch (IOException ex) {
            throw new UncheckedIOException(String.join(" ", command), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, ex);
        }
    }

    /** The end of carbon's own output, for failure messages. */
    public String log() {
        return ExternalProcesses.tail(dir.resolve("carbon.out"), 30);
    }

    /** Stops carbon-cache and anything it started, forcibly after 10 s. */
    @Override
    public void close() {
        ExternalProcesses.stopTree(process);
    }

    private static Path executable(final String name) {
        return ExternalProcesses.executable(INSTALL, List.of("/usr/bin", "/opt/graphite/bin"), name);
    }
}
