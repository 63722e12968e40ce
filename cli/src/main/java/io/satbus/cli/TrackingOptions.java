package io.satbus.cli;

import picocli.CommandLine.Option;

/** {@code --tracker} and {@code --no-tracker}, shared by the commands that start an orchester. */
final class TrackingOptions {
    @Option(names = "--tracker", paramLabel = "tcp://HOST:PORT",
        description = "Use the tracker running at this endpoint (see 'satbus tracker') instead of one in this process.")
    String remote;

    @Option(names = "--no-tracker",
        description = "Run without a tracker: no deadlines; the orchester retries failed attempts on its own.")
    boolean off;

    OrchesterRole.Tracking mode() {
        if (off && remote != null) {
            throw new IllegalArgumentException("--tracker " + remote + " and --no-tracker (expected: at most one of them)");
        }
        return off ? OrchesterRole.Tracking.OFF : remote != null ? OrchesterRole.Tracking.REMOTE : OrchesterRole.Tracking.IN_PROCESS;
    }
}
