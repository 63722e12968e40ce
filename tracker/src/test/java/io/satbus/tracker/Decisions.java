package io.satbus.tracker;

import io.satbus.core.tracking.TrackerDecisionHandler;
import java.util.ArrayList;
import java.util.List;

/** Records decisions as text lines ("timeout 1 1", "retry 1 2", "dead 1 3"). */
final class Decisions implements TrackerDecisionHandler {
    final List<String> seen = new ArrayList<>();

    @Override
    public void onTimeout(final long dispatchId, final int attempt) {
        seen.add("timeout " + dispatchId + " " + attempt);
    }

    @Override
    public void onRetry(final long dispatchId, final int attempt) {
        seen.add("retry " + dispatchId + " " + attempt);
    }

    @Override
    public void onDead(final long dispatchId, final int attempts) {
        seen.add("dead " + dispatchId + " " + attempts);
    }

    List<String> take() {
        final List<String> out = new ArrayList<>(seen);
        seen.clear();
        return out;
    }
}
