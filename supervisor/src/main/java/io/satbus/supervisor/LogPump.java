package io.satbus.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Copies one of a child's output streams, line by line, to its log, each line prefixed with the
 * child's label ({@code upper.1 | ...}), and to its {@link LastErrorLine}; {@link ChildReport}
 * lines go to {@code reports} instead.
 * Runs on its own daemon thread until the stream ends (the child exited).
 */
final class LogPump implements Runnable {
    private final InputStream in;
    private final String prefix;
    private final LogFile log;
    private final Consumer<ChildReport> reports;
    private final LastErrorLine lastError;

    private LogPump(final InputStream in, final String label, final LogFile log, final Consumer<ChildReport> reports,
                    final LastErrorLine lastError) {
        this.in = in;
        this.prefix = label + " | ";
        this.log = log;
        this.reports = reports;
        this.lastError = lastError;
    }

    static Thread start(final InputStream in, final String label, final String stream, final LogFile log,
                        final Consumer<ChildReport> reports, final LastErrorLine lastError) {
        final Thread t = new Thread(new LogPump(in, label, log, reports, lastError), "satbus-pump-" + label + "-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                final ChildReport report = ChildReport.parse(line);
                if (report != null) {
                    reports.accept(report);
                } else {
                    log.write(prefix + line);
                    lastError.offer(line);
                }
            }
        } catch (IOException ex) {
            log.write(prefix + "(supervisor: output stream failed: " + ex + ")");
        } finally {
            log.release();
        }
    }
}
