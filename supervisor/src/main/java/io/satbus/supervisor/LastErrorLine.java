package io.satbus.supervisor;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line of a child's output that most likely says why it exited: its last error, in one
 * line, not a stack trace. Fed every output line that is not a report.
 *
 * <ul>
 *   <li>Stack frames, code lines and other indented lines, Python's {@code Traceback} headers,
 *       and log lines below ERROR are never it.</li>
 *   <li>A log line at ERROR is its message; {@code Caused by: X} is {@code X}.</li>
 *   <li>satbus's own one-line report of a failure ({@code satbus: ...}) stays it while only a
 *       stack trace follows: the summary says more than the trace's innermost exception.</li>
 *   <li>Otherwise the last such line wins: a Python program's last line is its exception
 *       ({@code ModuleNotFoundError: No module named 'msgpack'}).</li>
 * </ul>
 *
 * <p>Thread-safe: a child's two pump threads feed it, the supervisor's loop reads it.
 */
final class LastErrorLine {
    /** Longest line kept; longer ones are cut with an ellipsis. */
    static final int MAX_LENGTH = 300;

    private static final Pattern LOG_LINE = Pattern.compile(
        "(?:\\d{2}:\\d{2}:\\d{2}\\.\\d{3} )?\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - (.*)");
    private static final Pattern EXCEPTION_HEAD = Pattern.compile(
        "(?:Exception in thread \"[^\"]*\" )?((?:[\\w$]+\\.)+[\\w$]*(?:Exception|Error|Throwable))(?::\\s*(.*))?");
    private static final String SATBUS = "satbus: ";
    private static final Set<String> WRAPPERS = Set.of("java.lang.IllegalStateException",
        "java.lang.IllegalArgumentException", "java.lang.RuntimeException", "java.io.UncheckedIOException");

    private String summary;
    private String last;

    /** Takes one output line into account. */
    synchronized void offer(final String line) {
        if (line == null || line.isBlank() || Character.isWhitespace(line.charAt(0))
            || line.startsWith("Traceback (most recent call last)")
            || line.startsWith("During handling of the above exception")
            || line.startsWith("The above exception was the direct cause")) {
            return;
        }
        String text = line.strip();
        final Matcher log = LOG_LINE.matcher(text);
        if (log.matches()) {
            if (!"ERROR".equals(log.group(1))) {
                return;
            }
            text = log.group(2);
        }
        if (text.startsWith("Caused by: ")) {
            text = text.substring("Caused by: ".length());
        }
        final boolean exception = EXCEPTION_HEAD.matcher(text).matches();
        if (text.startsWith(SATBUS)) {
            summary = withoutExceptionClass(text.substring(SATBUS.length()));
        } else if (!exception) {
            summary = null;
        }
        last = text;
    }

    /** The line, or null when the child said nothing that looks like a reason. */
    synchronized String get() {
        final String line = summary != null ? summary : last;
        if (line == null) {
            return null;
        }
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }

    /**
     * {@code java.lang.IllegalStateException: message} is {@code message}: a wrapper's class says
     * nothing. Other classes stay ({@code java.lang.OutOfMemoryError: Java heap space}).
     */
    private static String withoutExceptionClass(final String text) {
        final Matcher m = EXCEPTION_HEAD.matcher(text);
        return m.matches() && WRAPPERS.contains(m.group(1)) && m.group(2) != null && !m.group(2).isBlank() ? m.group(2)
            : text;
    }
}
