package io.satbus.orchester;

import java.util.Locale;

/** Which orchester of a pair this one is (Binary Star): the primary, or its backup. */
public enum PairRole {
    PRIMARY, BACKUP;

    /** As in logs, status and metrics: {@code primary} or {@code backup}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
