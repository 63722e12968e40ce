package io.satbus.core.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("instances", "service", "send_to", "type", "class");

    @Test
    void suggestsAfterOneEditOrOneSwap() {
        assertEquals(Optional.of("instances"), Suggestions.closest("instnces", KEYS));
        assertEquals(Optional.of("service"), Suggestions.closest("serivce", KEYS));
        assertEquals(Optional.of("send_to"), Suggestions.closest("sendto", KEYS));
    }

    @Test
    void suggestsAfterTwoEditsButNotThree() {
        assertEquals(Optional.of("type"), Suggestions.closest("tpye_", KEYS));
        assertEquals(Optional.empty(), Suggestions.closest("klazzz", KEYS));
    }

    @Test
    void doesNotSuggestForVeryShortOrExactWords() {
        assertEquals(Optional.empty(), Suggestions.closest("x", List.of("xy")));
        assertEquals(Optional.empty(), Suggestions.closest("type", KEYS));
    }

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertEquals(1, Suggestions.distance("ab", "ba"));
        assertEquals(1, Suggestions.distance("abc", "acb"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    @Test
    void listsCandidatesAndTheSuggestion() {
        assertEquals("one of: a, bee; did you mean \"bee\"?", Suggestions.oneOf("bea", List.of("a", "bee")));
        assertEquals("one of: a, bee", Suggestions.oneOf("zzz", List.of("a", "bee")));
    }
}
