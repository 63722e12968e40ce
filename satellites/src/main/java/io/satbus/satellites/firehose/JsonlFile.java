package io.satbus.satellites.firehose;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * An append-only JSON Lines file with rotation by size: {@code events.jsonl} is written,
 * and when a line would take it past {@code rotateBytes} it becomes {@code events.jsonl.1}
 * (the older ones move up to {@code .2} ... {@code .keepFiles}, the oldest is deleted).
 *
 * <pre>
 * file     = *( line LF )
 * line     = a JSON object on one line whose first field is "id" (the event id)
 * </pre>
 *
 * {@link #readIds} reads the event ids back from the rotated files and the current one, oldest
 * first, so a restarted publisher knows what it already wrote; a last line without its LF (a
 * write cut short by a crash) is cut off first, as it was never acknowledged.
 *
 * <p>Thread-safe (synchronized): the runtime thread writes, a timer thread may flush.
 */
final class JsonlFile implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private final long rotateBytes;
    private final int keepFiles;
    private OutputStream out;
    private long size;
    private int unflushed;
    private long rotations;

    JsonlFile(final Path path, final long rotateBytes, final int keepFiles) throws IOException {
        this.path = path;
        this.rotateBytes = rotateBytes;
        this.keepFiles = keepFiles;
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        cutTornLine(path);
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
            StandardOpenOption.WRITE), BUFFER_BYTES);
        size = Files.size(path);
    }

    /** Appends {@code json} and a LF, rotating first when the line would not fit. */
    synchronized void write(final byte[] json) throws IOException {
        if (rotateBytes > 0 && size > 0 && size + json.length + 1 > rotateBytes) {
            rotate();
        }
        out.write(json);
        out.write('\n');
        size += json.length + 1L;
        unflushed++;
    }

    /** Hands what was written to the operating system. */
    synchronized void flush() throws IOException {
        if (unflushed > 0) {
            out.flush();
            unflushed = 0;
        }
    }

    /** Lines written since the last flush. */
    synchronized int unflushed() {
        return unflushed;
    }

    synchronized long rotations() {
        return rotations;
    }

    private void rotate() throws IOException {
        out.flush();
        out.close();
        Files.deleteIfExists(rotated(path, keepFiles));
        for (int i = keepFiles - 1; i >= 1; i--) {
            final Path from = rotated(path, i);
            if (Files.exists(from)) {
                Files.move(from, rotated(path, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keepFiles > 0) {
            Files.move(path, rotated(path, 1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(path);
        }
        rotations++;
        open();
    }

    static Path rotated(final Path path, final int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    /** Calls {@code sink} with the event message id of every line of the files, oldest first. */
    static long readIds(final Path path, final int keepFiles, final LongConsumer sink) throws IOException {
        long lines = 0;
        for (int i = keepFiles; i >= 0; i--) {
            final Path p = i == 0 ? path : rotated(path, i);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    final String id = firstId(line);
                    if (id != null) {
                        sink.accept(EventIds.messageId(id));
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    /** The value of the top-level "id" field of a JSON object line, or null. */
    static String firstId(final String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String name = p.currentName();
                p.nextToken();
                if (name.equals("id")) {
                    return p.currentToken().isScalarValue() ? p.getValueAsString() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void cutTornLine(final Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = ch.size();
            final ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < ch.size()) {
                ch.truncate(end);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.flush();
            out.close();
            out = null;
        }
    }
}
