package io.satbus.satellites.builtin;

import io.satbus.core.envelope.Envelope;
import io.satbus.satellites.api.Output;
import io.satbus.satellites.api.Satellite;
import io.satbus.satellites.api.SatelliteConfig;
import io.satbus.satellites.api.SatelliteContext;
import io.satbus.satellites.runtime.Configurable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receives messages, counts them and the repeats among them (ids seen before, among the last
 * {@code dedup_window}), and writes one line per message that is not a repeat to {@code path}
 * (appended) and/or stdout ({@code print}):
 * <pre>
 * &lt;id as unsigned decimal&gt; TAB &lt;payload as UTF-8, with \ newline CR written as \\ \n \r&gt; LF
 * </pre>
 * The file is flushed before {@code onMessage} returns, so an acknowledgement means written
 * (handed to the operating system; not synced to disk). At start the ids of the file's last
 * {@code dedup_window} lines are read back (a last line cut short by a killed process is cut
 * off), so a message written by a killed predecessor and sent again is a repeat, not a second
 * line: the file holds each id once.
 *
 * <p>Runtime thread only, except the counters.
 */
public final class Sink implements Satellite, Configurable {
    public static final boolean DEFAULT_PRINT = false;
    public static final int DEFAULT_DEDUP_WINDOW = 100_000;

    private final PrintStream stdout;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final StringBuilder line = new StringBuilder(256);
    private BufferedWriter file;
    private Path path;
    private boolean print;
    private RecentIds seen;

    public Sink() {
        this(System.out);
    }

    /** Printing to {@code stdout}, for tests. */
    Sink(final PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public void open(final SatelliteContext context) throws IOException {
        configure(context);
        if (path != null) {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            readBack(path);
            file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
    }

    @Override
    public void configure(final SatelliteContext context) {
        final SatelliteConfig config = context.config();
        print = config.bool("print", DEFAULT_PRINT);
        final int window = config.integer("dedup_window", DEFAULT_DEDUP_WINDOW);
        if (window < 1) {
            throw config.invalid("dedup_window", window, "ids to remember >= 1");
        }
        seen = new RecentIds(window);
        final String configured = config.string("path", null);
        if (configured != null) {
            path = context.baseDir().resolve(configured).toAbsolutePath().normalize();
        }
    }

    @Override
    public void onMessage(final Envelope message, final Output out) throws IOException {
        received.incrementAndGet();
        if (!seen.add(message.id())) {
            duplicates.incrementAndGet();
            return;
        }
        if (file == null && !print) {
            return;
        }
        line.setLength(0);
        line.append(Long.toUnsignedString(message.id())).append('\t');
        appendEscaped(line, new String(message.payload(), StandardCharsets.UTF_8));
        if (file != null) {
            file.append(line).append('\n');
            file.flush();
        }
        if (print) {
            stdout.println(line);
        }
    }

    /** Remembers the ids written to {@code file} before, cutting off a last line without its line feed. */
    private void readBack(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        final byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(end);
            }
        }
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\t' && lineStart >= 0) {
                try {
                    seen.add(Long.parseUnsignedLong(new String(bytes, lineStart, i - lineStart, StandardCharsets.US_ASCII)));
                } catch (NumberFormatException notOurs) {
                    // A line this sink did not write: nothing to remember.
                }
                lineStart = -1;
            } else if (bytes[i] == '\n') {
                lineStart = i + 1;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    /** Messages received so far, repeats included; any thread. */
    public long received() {
        return received.get();
    }

    /** Messages whose id had been received or written before (not written again); any thread. */
    public long duplicates() {
        return duplicates.get();
    }

    /** The file written, or null when none is configured. */
    public Path path() {
        return path;
    }

    static void appendEscaped(final StringBuilder to, final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '\\' -> to.append("\\\\");
                case '\n' -> to.append("\\n");
                case '\r' -> to.append("\\r");
                default -> to.append(c);
            }
        }
    }
}
