package io.satbus.core.topology;

import java.util.List;
import java.util.stream.Collectors;

/** A topology that cannot run; carries every problem found, one per line in the message. */
public final class TopologyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<TopologyProblem> problems;

    public TopologyException(final List<TopologyProblem> problems) {
        super(problems.stream().map(TopologyProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    public List<TopologyProblem> problems() {
        return problems;
    }
}
