package io.satbus.core.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems of one topology file, so that all of them are reported at once.
 * Messages read {@code "where : found (expected: what)"}. Owned by the loading thread.
 */
final class Problems {
    private final String source;
    private final List<TopologyProblem> found = new ArrayList<>();

    Problems(final String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    void add(final Mark at, final String message) {
        found.add(new TopologyProblem(source, at.line(), at.column(), message));
    }

    /** Adds {@code "path : found (expected: expected)"}. */
    void add(final Mark at, final String path, final String what, final String expected) {
        add(at, path + " : " + what + " (expected: " + expected + ")");
    }

    /**
     * Adds {@code "path : found (expected one of: a, b; did you mean "b"?)"}, the suggestion only
     * when one of {@code candidates} is close to {@code typed}.
     */
    void addOneOf(final Mark at, final String path, final String what, final String typed,
                  final Collection<String> candidates) {
        add(at, path + " : " + what + " (expected " + Suggestions.oneOf(typed, candidates) + ")");
    }

    /** How many problems so far. */
    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws every problem, in file order, if there is any. */
    void throwIfAny() throws TopologyException {
        if (!found.isEmpty()) {
            throw exception();
        }
    }

    /** Every problem so far, in file order. */
    TopologyException exception() {
        final List<TopologyProblem> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(TopologyProblem::line).thenComparingInt(TopologyProblem::column));
        return new TopologyException(sorted);
    }
}
