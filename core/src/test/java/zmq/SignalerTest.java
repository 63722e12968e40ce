package zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The signaler satbus builds in the place of JeroMQ's (core/pom.xml): a signal is counted before
 * its byte is written, so that a reader woken by the byte always finds it counted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalerTest {
    private Ctx ctx;
    private Signaler signaler;

    @BeforeEach
    void setUp() {
        ctx = new Ctx();
        signaler = new Signaler(ctx, 1, ctx.errno());
    }

    @AfterEach
    void tearDown() throws Exception {
        signaler.close();
        ctx.terminate();
    }

    private Object field(final String name) throws Exception {
        final Field f = Signaler.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(signaler);
    }

    @Test
    void theSignalerOnTheClassPathIsCoresNotJeroMqs() {
        final String signalerFrom = Signaler.class.getProtectionDomain().getCodeSource().getLocation().toString();
        final String jeromqFrom = Ctx.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(jeromqFrom.contains("jeromq"), jeromqFrom);
        assertNotEquals(jeromqFrom, signalerFrom, "zmq.Signaler comes from JeroMQ's jar");
    }

    @Test
    void aSignalIsCountedWhileItsByteIsStillBeingWritten() throws Exception {
        // Fill the pipe, so that send() cannot write its byte until the test reads some.
        final Pipe.SinkChannel w = (Pipe.SinkChannel) field("w");
        final Pipe.SourceChannel r = (Pipe.SourceChannel) field("r");
        final ByteBuffer block = ByteBuffer.allocate(4096);
        long filled = 0;
        while (true) {
            block.clear();
            final int n = w.write(block);
            if (n == 0) {
                break;
            }
            filled += n;
        }
        final AtomicLong wcursor = (AtomicLong) field("wcursor");
        final Thread sender = new Thread(signaler::send, "signaler-test-sender");
        sender.start();

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (wcursor.get() == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertEquals(1, wcursor.get(), "the signal is counted before its byte is in the pipe");
        assertTrue(sender.isAlive(), "the byte is not written yet: the pipe is full");

        final ByteBuffer drain = ByteBuffer.allocate(4096);
        long drained = 0;
        while (drained < filled) {
            drain.clear();
            drain.limit((int) Math.min(drain.capacity(), filled - drained));
            drained += r.read(drain);
        }
        sender.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(sender.isAlive(), "send() wrote its byte once there was room");
        assertTrue(signaler.waitEvent(0), "the signal is there to take");
        signaler.recv();
        assertFalse(signaler.waitEvent(0), "one signal, taken once");
    }
}
