package io.satbus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lines of a file that a running sink appends to, counted as it grows: each call reads only
 * what was appended since the last, so a test may poll a file of 200,000 lines every few ms.
 * NOT thread safe.
 */
final class GrowingFile {
    private final Path path;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long offset;
    private long lines;

    GrowingFile(final Path path) {
        this.path = path;
    }

    /** Complete lines in the file now (0 while it does not exist). */
    long lines() {
        if (!Files.exists(path)) {
            return lines;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(buffer.clear(), offset)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer.get(i) == '\n') {
                        lines++;
                    }
                }
                offset += n;
            }
            return lines;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    Path path() {
        return path;
    }
}
