package io.satbus.orchester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.satbus.core.tracking.TrackerEventCodec;
import io.satbus.core.tracking.TrackerEventHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** When the orchester's events go to the tracker: at once after a quiet spell, then at most every few ms. */
@Timeout(10)
class TrackerLinkClientTest {
    private static final long T0 = 1_000_000;
    private static final int RECEIVE_TIMEOUT_MS = 5000;

    private final ZContext ctx = new ZContext(1);
    private final ZMQ.Socket tracker = ctx.createSocket(SocketType.ROUTER);
    private final ZMQ.Socket orchester = ctx.createSocket(SocketType.DEALER);
    private final TrackerLinkClient link;
    private final Service service = new Service("svc", 1 << 20, 0);
    private final Worker worker = new Worker(7, new byte[] {1}, "svc", null, T0);

    TrackerLinkClientTest() {
        tracker.bind("inproc://link-test");
        orchester.connect("inproc://link-test");
        link = new TrackerLinkClient(orchester, "inproc://link-test", "t", 1000,
            new WarnLimiter(LoggerFactory.getLogger(TrackerLinkClientTest.class), 10, 1000));
    }

    @AfterEach
    void close() {
        ctx.close();
    }

    private void dispatch(final long id) {
        link.dispatched(new Dispatch(id, service, new byte[] {2}, List.of(), T0, 0), worker);
    }

    /** The events of the next frame the tracker receives, as "hello t" / "dispatched ID", or null when none is waiting. */
    private List<String> nextFrame(final int timeoutMs) throws Exception {
        tracker.setReceiveTimeOut(timeoutMs);
        final byte[] identity = tracker.recv(0);
        if (identity == null) {
            return null;
        }
        final byte[] frame = tracker.recv(0);
        final List<String> seen = new ArrayList<>();
        TrackerEventCodec.decode(frame, new TrackerEventHandler() {
            @Override public void onHello(final String topology) { seen.add("hello " + topology); }
            @Override public void onWorkerUp(final int w, final String hex, final String svc, final String sat, final int i) { }
            @Override public void onWorkerDown(final int w) { }
            @Override public void onDispatched(final long id, final int attempt, final int w) { seen.add("dispatched " + id); }
            @Override public void onReplied(final long id, final int attempt) { }
            @Override public void onFailed(final long id, final int attempt, final long atMs, final String outcome) { }
            @Override public void onProgress(final long id, final int attempt) { }
            @Override public void onLateReply(final long id, final int attempt, final int w) { }
            @Override public void onSuspect(final long id, final int attempt) { }
            @Override public void onGaveUp(final long id, final int attempts, final long atMs, final String o, final String s) { }
            @Override public void onStatus(final long atMs, final int q, final int f, final int w, final long m, final long r,
                                           final long b) { }
            @Override public void onServiceStatus(final String svc, final int depth, final int workers, final long b) { }
            @Override public void onRun(final long g, final long d, final long r, final long x, final long l) {
                seen.add("run " + g + " " + d + " " + r + " " + x + " " + l);
            }
        });
        return seen;
    }

    @Test
    void eventsAfterAQuietSpellGoAtOnceThenBusyRoundsShareAFrame() throws Exception {
        dispatch(1);
        assertEquals(1, link.flush(T0), "the first events go at once");
        assertEquals(List.of("hello t", "dispatched 1"), nextFrame(RECEIVE_TIMEOUT_MS));

        dispatch(2);
        assertEquals(0, link.flush(T0 + 1), "a round 1 ms after the last frame keeps its events");
        assertEquals(1, link.msUntilFlush(T0 + 1), "the poll wakes the orchester when they are due");
        dispatch(3);
        assertEquals(0, link.flush(T0 + 1));
        assertNull(nextFrame(50), "nothing went yet");

        assertEquals(1, link.flush(T0 + TrackerLinkClient.FLUSH_INTERVAL_MS));
        assertEquals(List.of("dispatched 2", "dispatched 3"), nextFrame(RECEIVE_TIMEOUT_MS), "two rounds, one frame");
        assertEquals(Long.MAX_VALUE, link.msUntilFlush(T0 + 2), "nothing waits");
    }

    @Test
    void manyEventsGoWithoutWaitingAndCloseSendsWhatIsLeft() throws Exception {
        link.flush(T0);
        assertNotNull(nextFrame(RECEIVE_TIMEOUT_MS), "hello");
        for (int i = 0; i < TrackerLinkClient.FLUSH_EVENTS; i++) {
            dispatch(100 + i);
        }
        assertEquals(1, link.flush(T0), "a full batch of events does not wait for the interval");
        assertEquals(TrackerLinkClient.FLUSH_EVENTS, nextFrame(RECEIVE_TIMEOUT_MS).size());

        dispatch(9);
        assertEquals(0, link.flush(T0));
        assertEquals(1, link.flushNow(T0), "closing the orchester sends what is gathered");
        assertEquals(List.of("dispatched 9"), nextFrame(RECEIVE_TIMEOUT_MS));
    }

    @Test
    void theRunsFiguresGoWithTheStatusOnceASupervisorHasReported() throws Exception {
        final RunFigures figures = new RunFigures();
        link.flush(T0);
        assertNotNull(nextFrame(RECEIVE_TIMEOUT_MS), "hello");

        link.run(figures);
        dispatch(1);
        link.flushNow(T0);
        assertEquals(List.of("dispatched 1"), nextFrame(RECEIVE_TIMEOUT_MS), "no figures before a supervisor reported");

        figures.put("main", new long[] {10, 9, 0, 1, 0});
        figures.put("edge", new long[] {0, 0, 2, 0, 0});
        link.run(figures);
        link.flushNow(T0);
        assertEquals(List.of("run 10 9 2 1 0"), nextFrame(RECEIVE_TIMEOUT_MS), "summed over the hosts");
    }
}
