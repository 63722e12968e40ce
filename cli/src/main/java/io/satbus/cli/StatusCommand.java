package io.satbus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.orchester.OrchesterStatus;
import io.satbus.satellites.runtime.BuiltinConfigCheck;
import io.satbus.supervisor.ControlService;
import io.satbus.supervisor.RunTotals;
import io.satbus.supervisor.SupervisorStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code satbus status}: asks a running orchester's admin service, and every supervisor that
 * serves {@code satbus.supervisor.<host>} there, and prints the table {@code satbus run} shows
 * (or, with {@code --json}, the orchester's document with a {@code supervisors} array and the
 * run's accounting, {@code run}, added: the sum of the supervisors' {@code run}, the same five
 * figures as the table's last line).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Ask a running orchester and its supervisors for their status (satellites, workers, queues, restarts).")
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOPOLOGY",
        description = "Topology file whose orchester to ask (or use --endpoint).")
    private Path file;

    @Option(names = "--endpoint", paramLabel = "tcp://HOST:PORT", converter = EndpointConverter.class,
        description = "The orchester's service endpoint.")
    private String endpoint;

    @Option(names = "--json", description = "Print the JSON document: the orchester's status plus 'supervisors'.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT3S", converter = DurationConverter.class,
        description = "How long to wait for an answer. Default: 3s.")
    private Duration timeout;

    @Mixin
    private final KeyOption keys = new KeyOption();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final Topology topology = file == null ? null : TopologyLoader.load(file, BuiltinConfigCheck.INSTANCE);
        final List<String> targets = endpoint != null ? List.of(endpoint) : targets(topology);
        final java.util.function.Consumer<org.zeromq.ZMQ.Socket> curve = keys.curve(topology);
        // Of a pair, each orchester's own status (a passive one answers too); the active one's is the run's.
        final List<OrchesterStatus> pair = new ArrayList<>();
        Optional<String> reply = Optional.empty();
        for (String target : targets) {
            try (AdminClient one = new AdminClient(target, curve)) {
                final Optional<String> doc = one.ask("status", targets.size() > 1 ? timeout.dividedBy(2) : timeout);
                final OrchesterStatus st = doc.map(OrchesterStatus::fromJson).orElse(null);
                pair.add(st);
                if (doc.isPresent() && (reply.isEmpty() || st.routes())) {
                    reply = doc;
                }
            }
        }
        try (AdminClient client = new AdminClient(targets, curve)) {
            if (reply.isEmpty()) {
                spec.commandLine().getErr().printf("satbus: no answer from %s within %d ms (is the orchester running?)%n",
                    String.join(" or ", targets), timeout.toMillis());
                return 1;
            }
            final OrchesterStatus orchester = OrchesterStatus.fromJson(reply.get());
            final List<String> raw = new ArrayList<>();
            final List<SupervisorStatus> supervisors = new ArrayList<>();
            for (OrchesterStatus.ServiceStatus s : orchester.services()) {
                if (s.name().startsWith(ControlService.SERVICE_PREFIX) && !s.workers().isEmpty()) {
                    client.ask(s.name(), "status", timeout).ifPresent(doc -> {
                        raw.add(doc);
                        supervisors.add(SupervisorStatus.fromJson(doc));
                    });
                }
            }
            spec.commandLine().getOut().print(render(reply.get(), raw, topology, orchester, supervisors));
            if (!json && topology != null && targets.size() > 1) {
                spec.commandLine().getOut().print(pairText(targets, pair));
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private String render(final String orchesterJson, final List<String> raw, final Topology topology,
                          final OrchesterStatus orchester, final List<SupervisorStatus> supervisors) throws Exception {
        if (json || topology == null) {
            final ObjectNode doc = (ObjectNode) JSON.readTree(orchesterJson);
            final ArrayNode sups = doc.putArray("supervisors");
            for (String r : raw) {
                sups.add(JSON.readTree(r));
            }
            if (!supervisors.isEmpty()) {
                doc.set("run", JSON.valueToTree(runTotals(supervisors)));
            }
            return (json ? doc.toString() : doc.toPrettyString()) + System.lineSeparator();
        }
        return text(topology, orchester, supervisors);
    }

    /** The text of {@code satbus status}: the run's table, what is not the topology's, recent dead, the supervisors. */
    static String text(final Topology topology, final OrchesterStatus orchester, final List<SupervisorStatus> supervisors) {
        // The run's age is the main supervisor's (the first to answer is enough: they start together).
        final long elapsedMs = supervisors.isEmpty() ? 0 : supervisors.get(0).elapsedMs();
        final RunSnapshot snapshot = ProcessRun.snapshotOf(topology, elapsedMs, supervisors, orchester);
        final StringBuilder b = new StringBuilder(new StatusTable().format(snapshot));
        if (supervisors.isEmpty()) {
            b.append("(no supervisor answered: satellite counters unknown; the orchester runs alone or in process)\n");
            appendServices(b, orchester);
        }
        if (snapshot.straysReason() != null) {
            b.append("not the topology's: ").append(snapshot.straysReason()).append('\n');
        }
        appendRecentDead(b, orchester);
        for (SupervisorStatus s : supervisors) {
            b.append("supervisor ").append(s.host()).append(": pid ").append(s.pid());
            for (SupervisorStatus.InstanceStatus i : s.instances()) {
                b.append(i.up() ? "" : "  " + i.satellite() + "." + i.instance() + " " + i.state());
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * The orchester's services and their workers, as it sees them: what the table cannot show when
     * no supervisor answered (an orchester alone, satellites started by hand or under systemd).
     */
    static void appendServices(final StringBuilder b, final OrchesterStatus orchester) {
        b.append("services at the orchester:").append(orchester.services().isEmpty() ? " none\n" : "\n");
        for (OrchesterStatus.ServiceStatus s : orchester.services()) {
            b.append(String.format(java.util.Locale.ROOT, "  %-20s workers %d, queued %d, in flight %d", s.name(),
                s.workers().size(), s.queueDepth(), s.inFlight()));
            final List<String> names = s.workers().stream()
                .map(w -> w.satellite().isEmpty() ? "worker " + w.identity() : w.satellite() + "." + w.instance()).toList();
            if (!names.isEmpty()) {
                b.append(": ").append(String.join(", ", names));
            }
            b.append('\n');
        }
    }

    /** The run's accounting: the sum of every supervisor's share (each host's satellites). */
    static RunTotals runTotals(final List<SupervisorStatus> supervisors) {
        RunTotals t = RunTotals.NONE;
        for (SupervisorStatus s : supervisors) {
            if (s.run() != null) {
                t = t.plus(s.run());
            }
        }
        return t;
    }

    /** The last dead messages, each with how every attempt failed. */
    static void appendRecentDead(final StringBuilder b, final OrchesterStatus orchester) {
        if (orchester.recentDead().isEmpty()) {
            return;
        }
        b.append("recent failures (dead, newest last):\n");
        for (OrchesterStatus.DeadMessage d : orchester.recentDead()) {
            b.append("  ").append(d.service()).append(" dispatch ").append(Long.toUnsignedString(d.dispatchId()))
                .append(": ").append(d.attempts()).append(" attempts\n");
            for (OrchesterStatus.FailedAttempt f : d.history()) {
                b.append("    ").append(java.time.Instant.ofEpochMilli(f.atMs())).append(' ')
                    .append(f.worker().isEmpty() ? "orchester" : f.satellite().isEmpty() ? "worker " + f.worker()
                        : f.satellite() + "." + f.instance())
                    .append(": ").append(f.outcome()).append('\n');
            }
        }
    }

    private List<String> targets(final Topology topology) {
        if (topology == null) {
            throw new ParameterException(spec.commandLine(), "Missing TOPOLOGY or --endpoint (expected: one of them)");
        }
        return topology.orchester().serviceEndpoints();
    }

    /**
     * Both orchesters of a pair, each as it sees itself (or that it did not answer), and the
     * failovers of the two together.
     */
    static String pairText(final List<String> targets, final List<OrchesterStatus> pair) {
        final StringBuilder b = new StringBuilder();
        long failovers = 0;
        for (int i = 0; i < targets.size(); i++) {
            final OrchesterStatus o = i < pair.size() ? pair.get(i) : null;
            if (o == null || o.pair() == null) {
                b.append("orchester ").append(i == 0 ? "primary" : "backup").append(" at ").append(targets.get(i))
                    .append(": no answer\n");
            } else {
                b.append(StatusTable.pairLine(o)).append('\n');
                failovers += o.pair().failovers();
            }
        }
        return b.append("orchester pair: failovers so far ").append(failovers).append('\n').toString();
    }
}
