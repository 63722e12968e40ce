package io.satbus.satellites.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.RareLog;
import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteConfig;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.builtin.RecentIds;
import io.satbus.satellites.runtime.Configurable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each event once: to a JSON Lines file ({@code jsonl}, appended, rotated by size),
 * to standard output ({@code stdout}) and, along its wiring, on its {@code publish} topics
 * (any ZeroMQ SUB can read them). An event whose id is among the last {@code dedup_window}
 * ids written is acknowledged and skipped; at open the ids are read back from the current and
 * rotated files, so a restart neither loses nor repeats what was written. With at-least-once
 * delivery upstream this makes the file effectively exactly-once by event id (see
 * docs/satellites.md for the precise guarantee).
 *
 * <p>A message returns (is acknowledged) only after its line is written and flushed as the
 * {@code flush} policy says. Events that are not a JSON object with an {@code id} are
 * acknowledged, counted and logged rarely.
 *
 * <p>Runtime thread only, except the counters and the interval flush (its own timer thread;
 * {@link JsonlFile} is synchronized).
 */
public final class Publisher implements Satellite, Configurable {
    public static final int DEFAULT_DEDUP_WINDOW = 1_000_000;
    public static final long DEFAULT_ROTATE_BYTES = 0;
    public static final int DEFAULT_KEEP_FILES = 5;
    public static final String DEFAULT_FLUSH = "each";
    public static final int DEFAULT_FLUSH_COUNT = 100;
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream stdout;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final RareLog malformed = new RareLog(LOG);
    private JsonlFile file;
    private FlushPolicy flush;
    private int flushCount;
    private boolean print;
    private boolean wired;
    private RecentIds seen;
    private ScheduledExecutorService flusher;
    private String label;
    private int window;
    private long intervalMs;
    private long rotateBytes;
    private int keepFiles;
    /** The JSON Lines file, resolved, or null. */
    private Path jsonl;

    public Publisher() {
        this(System.out);
    }

    /** Printing to {@code stdout}, for tests. */
    Publisher(final PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public void open(final SatelliteContext context) throws IOException {
        configure(context);
        seen = new RecentIds(window);
        if (jsonl != null) {
            final Path path = jsonl;
            file = new JsonlFile(path, rotateBytes, keepFiles);
            final long lines = JsonlFile.readIds(path, keepFiles, seen::add);
            LOG.info("{} appends to {}: {} lines already there, {} event ids remembered (flush {})", label, path,
                lines, seen.size(), flush.configName());
            if (flush == FlushPolicy.INTERVAL) {
                flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                    final Thread t = new Thread(r, "satbus-" + context.name() + "-" + context.instance() + "-flush");
                    t.setDaemon(true);
                    return t;
                });
                final JsonlFile f = file;
                flusher.scheduleWithFixedDelay(() -> flushQuietly(f), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void configure(final SatelliteContext context) {
        final SatelliteConfig config = context.config();
        label = "satellites." + context.name() + " instance " + context.instance();
        print = config.bool("stdout", false);
        wired = context.wiring().wired();
        window = config.integer("dedup_window", DEFAULT_DEDUP_WINDOW);
        if (window < 1) {
            throw config.invalid("dedup_window", window, "event ids to remember >= 1");
        }
        final String policy = config.string("flush", DEFAULT_FLUSH);
        flush = FlushPolicy.named(policy);
        if (flush == null) {
            throw config.invalid("flush", policy, FlushPolicy.choices());
        }
        flushCount = config.integer("flush_count", DEFAULT_FLUSH_COUNT);
        if (flushCount < 1) {
            throw config.invalid("flush_count", flushCount, "lines >= 1");
        }
        intervalMs = config.duration("flush_interval", java.time.Duration.ofMillis(DEFAULT_FLUSH_INTERVAL_MS))
            .toMillis();
        if (intervalMs < 1) {
            throw config.invalid("flush_interval", config.string("flush_interval", null), "a duration > 0");
        }
        rotateBytes = config.bytes("rotate_bytes", DEFAULT_ROTATE_BYTES);
        keepFiles = config.integer("keep_files", DEFAULT_KEEP_FILES);
        if (keepFiles < 0) {
            throw config.invalid("keep_files", keepFiles, "rotated files to keep >= 0");
        }
        final String jsonlName = config.string("jsonl", null);
        if (jsonlName == null && !print && !wired) {
            throw new IllegalArgumentException("satellites." + context.name() + " : no jsonl, stdout or publish"
                + " (expected: at least one place to write events)");
        }
        jsonl = jsonlName == null ? null : context.baseDir().resolve(jsonlName).toAbsolutePath().normalize();
    }

    @Override
    public void onMessage(final Envelope event, final Output out) throws IOException {
        final JsonNode tree;
        try {
            tree = JSON.readTree(event.payload());
        } catch (IOException e) {
            malformed.warn("{} : message {} is not JSON (expected: an event object with an id); skipped", label,
                Long.toUnsignedString(event.id()));
            return;
        }
        final JsonNode id = tree == null ? null : tree.get("id");
        if (id == null || !id.isValueNode() || id.asText().isEmpty()) {
            malformed.warn("{} : message {} has no event id (expected: an event object with an id); skipped", label,
                Long.toUnsignedString(event.id()));
            return;
        }
        final long messageId = EventIds.messageId(id.asText());
        if (seen.contains(messageId)) {
            duplicates.incrementAndGet();
            return;
        }
        final byte[] line = JSON.writeValueAsBytes(tree);
        if (file != null) {
            file.write(line);
            if (flush == FlushPolicy.EACH || flush == FlushPolicy.COUNT && file.unflushed() >= flushCount) {
                file.flush();
            }
        }
        if (print) {
            stdout.println(new String(line, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (wired) {
            out.forward(event, "application/json", line);
        }
        seen.add(messageId);
        written.incrementAndGet();
    }

    private void flushQuietly(final JsonlFile f) {
        try {
            f.flush();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} interval flush failed; trying again in flush_interval", label, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
        }
        if (file != null) {
            file.close();
            file = null;
        }
        if (label != null) {
            LOG.info("{} closed: {} events written, {} repeats skipped, {} malformed", label, written.get(),
                duplicates.get(), malformed.count());
        }
    }

    /** Events written (first time seen); any thread. */
    public long written() {
        return written.get();
    }

    /** Events skipped because their id was already written; any thread. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Messages skipped because they were not events; any thread. */
    public long malformed() {
        return malformed.count();
    }
}
