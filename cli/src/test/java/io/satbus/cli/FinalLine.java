package io.satbus.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line {@code satbus run} ends with:
 * {@code satbus: NAME drained: generated G, delivered D, duplicates R, dead X, lost L}
 * ({@code NOT drained} when it was not).
 */
record FinalLine(String topology, boolean drained, long generated, long delivered, long duplicates, long dead,
                 long lost) {
    private static final Pattern LINE = Pattern.compile("satbus: (\\S+) (drained|NOT drained): generated (\\d+), "
        + "delivered (\\d+), duplicates (\\d+), dead (\\d+), lost (\\d+)");

    /** The last final line in {@code out}; throws saying what was there when there is none. */
    static FinalLine of(final String out) {
        final Matcher m = LINE.matcher(out);
        FinalLine last = null;
        while (m.find()) {
            last = new FinalLine(m.group(1), m.group(2).equals("drained"), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)),
                Long.parseLong(m.group(7)));
        }
        if (last == null) {
            throw new AssertionError("no final line (expected: satbus: NAME drained: generated G, delivered D, "
                + "duplicates R, dead X, lost L) in:\n" + out);
        }
        return last;
    }
}
