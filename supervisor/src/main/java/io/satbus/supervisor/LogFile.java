package io.satbus.supervisor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child incarnation's log: appended to (a restarted instance goes on in the same file),
 * written line by line by its pump threads, closed when the last of them releases it.
 * Thread-safe.
 */
final class LogFile {
    private static final Logger LOG = LoggerFactory.getLogger(LogFile.class);

    private final Path path;
    private final BufferedWriter out;
    private int holders;
    private boolean failed;

    LogFile(final Path path, final int holders) {
        this.path = path;
        this.holders = holders;
        try {
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException("log " + path + " : cannot open (" + ex.getMessage() + ")", ex);
        }
    }

    synchronized void write(final String line) {
        if (failed) {
            return;
        }
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException ex) {
            failed = true;
            LOG.warn("log {} : write failed, dropping this child's output from now on", path, ex);
        }
    }

    synchronized void release() {
        if (--holders == 0) {
            try {
                out.close();
            } catch (IOException ex) {
                LOG.warn("log {} : close failed", path, ex);
            }
        }
    }
}
