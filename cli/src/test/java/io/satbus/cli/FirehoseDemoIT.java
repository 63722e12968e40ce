package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import io.satbus.satellites.firehose.EventParser;
import io.satbus.satellites.firehose.Feed;
import io.satbus.satellites.firehose.Fetcher;
import io.satbus.satellites.firehose.Publisher;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The firehose demo topology through the real orchester and tracker, on free ports, offline. */
class FirehoseDemoIT {
    private static final Pattern ID = Pattern.compile("^\\{\"id\":\"(\\d+)\"");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyServedEventIsWrittenExactlyOnceAcrossRepeatsAndAParserRestart() throws Exception {
        final Path copy = TestTopologies.onFreePorts(TestTopologies.repoRoot().resolve("topologies/firehose-demo.yaml"), dir);
        final int feedPort = Ports.freePorts(1)[0];
        Files.writeString(copy, Files.readString(copy).replace("8089", Integer.toString(feedPort)));
        final Topology topology = TopologyLoader.load(copy);
        final long total = ((Number) topology.satellite("feed").config().get("total_events")).longValue();

        final int served;
        final long repeats;
        try (InProcessRun run = InProcessRun.start(topology, dir)) {
            final Publisher publisher = (Publisher) run.satellite("publisher", 0);
            assertTrue(Eventually.within(() -> publisher.written() >= total / 3, Duration.ofSeconds(90)),
                () -> "the publisher never got going: " + run.snapshot(0));
            run.restart("parser", 0);
            assertTrue(run.awaitDrained(System.currentTimeMillis() + 120_000, 100, System::currentTimeMillis),
                () -> "the demo did not drain: " + run.snapshot(0));
            final Feed feed = (Feed) run.satellite("feed", 0);
            final Fetcher fetcher = (Fetcher) run.satellite("fetch", 0);
            served = feed.served();
            repeats = publisher.duplicates() + ((EventParser) run.satellite("parser", 1)).repeats()
                + ((EventParser) run.satellite("parser", 0)).repeats();
            assertTrue(fetcher.pages() > 0, "the fetcher sent pages on");
            assertEquals(0, run.snapshot(0).dead(), "no message went to the dead-letter topic");
            assertEquals(0, run.snapshot(0).orchester().totals().dead(), "none went dead at the orchester either");
        }

        final List<String> lines = Files.readAllLines(dir.resolve("out/events.jsonl"), StandardCharsets.UTF_8);
        final List<String> ids = lines.stream().map(l -> {
            final Matcher m = ID.matcher(l);
            assertTrue(m.find(), "line does not start with the event id: " + l);
            return m.group(1);
        }).toList();
        final Set<String> distinct = new HashSet<>(ids);
        assertEquals(ids.size(), distinct.size(), "an event was written twice");
        final Set<String> expected = LongStream.range(0, total).mapToObj(Feed::eventId).collect(Collectors.toSet());
        assertEquals(total, served, "the feed served every event");
        assertEquals(expected, distinct, "every served event is in the file");
        assertTrue(repeats > 0, "the feed repeats events across polls, and they were dropped");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void badPagesAreCountedAndThePipelineKeepsRunning() throws Exception {
        final Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: bad-pages\n" + TestTopologies.orchesterOnFreePorts()
            + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            + "  html:      { type: generator, send_to: parser, config: { count: 20, payload: '<html>', content_type: text/html } }\n"
            + "  cut:       { type: generator, send_to: parser, config: { count: 20, payload: '[{\"id\":', payload_size: 0,"
            + " content_type: application/json } }\n"
            + "  object:    { type: generator, send_to: parser, config: { count: 20, payload: '{\"a\":', payload_size: 0,"
            + " content_type: application/json } }\n"
            + "  huge:      { type: generator, send_to: parser, config: { count: 20, payload: '[', payload_size: 5000,"
            + " content_type: application/json } }\n"
            + "  good:      { type: generator, send_to: parser, config: { count: 1, payload: '[{\"id\":\"7\"}] ', payload_size: 0,"
            + " content_type: application/json } }\n"
            + "  parser:    { type: parser, send_to: publisher, config: { max_page_bytes: 4KiB } }\n"
            + "  publisher: { type: publisher, config: { jsonl: out/events.jsonl } }\n");
        try (InProcessRun run = InProcessRun.start(TopologyLoader.load(file), dir)) {
            assertTrue(run.awaitDrained(System.currentTimeMillis() + 60_000, 50, System::currentTimeMillis),
                () -> "did not drain: " + run.snapshot(0));
            final EventParser parser = (EventParser) run.satellite("parser", 0);
            assertEquals(81, parser.pages());
            assertEquals(80, parser.malformedPages());
            assertEquals(0, run.snapshot(0).dead(), "malformed pages are acknowledged, not retried to death");
            assertEquals(0, run.snapshot(0).orchester().totals().dead(), "none went dead at the orchester either");
            assertEquals(1, ((Publisher) run.satellite("publisher", 0)).written());
        }
        assertEquals(List.of("7"), Files.readAllLines(dir.resolve("out/events.jsonl")).stream()
            .map(l -> l.replaceAll("^\\{\"id\":\"(\\d+)\".*", "$1")).toList());
    }
}
