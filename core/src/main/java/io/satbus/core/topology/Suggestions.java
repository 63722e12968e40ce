package io.satbus.core.topology;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for names a user typed: the closest candidate by Damerau-Levenshtein distance
 * (optimal string alignment: insert, delete, substitute, swap two neighbours), if it is close.
 *
 * <p>Stateless and thread-safe.
 */
final class Suggestions {
    /** Largest distance still worth suggesting. */
    static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code typed}, at distance 1..{@link #MAX_DISTANCE} and less than
     * the length of {@code typed} (so that "x" does not suggest every two-letter name). Ties go to
     * the candidate met first.
     */
    static Optional<String> closest(final String typed, final Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            final int d = distance(typed, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance == 0 || bestDistance > MAX_DISTANCE || bestDistance >= typed.length()) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** {@code "one of: a, b, c"} followed by {@code "; did you mean "b"?"} when one is close. */
    static String oneOf(final String typed, final Collection<String> candidates) {
        final String list = "one of: " + String.join(", ", candidates);
        return closest(typed, candidates).map(s -> list + "; did you mean \"" + s + "\"?").orElse(list);
    }

    /** Optimal string alignment distance between {@code a} and {@code b}. */
    static int distance(final String a, final String b) {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
