package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.protocol.Mdp;
import io.satbus.testing.Ports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/** The admin client asks again, on a new connection, when an answer does not come. */
class AdminClientTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void asksAgainOnAFreshConnectionWhenTheFirstRequestIsLost() throws Exception {
        try (ZContext ctx = new ZContext(1)) {
            final ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            final int port = router.bindToRandomPort("tcp://127.0.0.1");
            final List<String> identities = new ArrayList<>();
            // Plays an orchester that loses the first request and answers the second.
            final CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 2; i++) {
                    final ZMsg request = ZMsg.recvMsg(router);
                    final byte[] identity = request.pop().getData();
                    identities.add(new String(identity, StandardCharsets.ISO_8859_1));
                    request.pop();
                    assertEquals(Mdp.CLIENT, request.pop().getString(StandardCharsets.UTF_8));
                    assertEquals(Mdp.ADMIN_SERVICE, request.pop().getString(StandardCharsets.UTF_8));
                    assertEquals("status", request.pop().getString(StandardCharsets.UTF_8));
                    if (i == 1) {
                        final ZMsg reply = new ZMsg();
                        reply.add(identity);
                        reply.add(new byte[0]);
                        reply.add(Mdp.CLIENT);
                        reply.add(Mdp.ADMIN_SERVICE);
                        reply.add("{\"answer\":2}");
                        reply.send(router);
                    }
                }
            });
            try (AdminClient client = new AdminClient("tcp://127.0.0.1:" + port)) {
                final Optional<String> answer = client.ask("status", Duration.ofSeconds(20));
                assertEquals(Optional.of("{\"answer\":2}"), answer);
            }
            server.get(10, TimeUnit.SECONDS);
            assertEquals(2, identities.size(), "asked twice");
            assertNotEquals(identities.get(0), identities.get(1), "the second time on a new connection");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void givesUpEmptyAtTheDeadlineWhenNobodyAnswers() {
        final int port = Ports.freePorts(1)[0];
        try (AdminClient client = new AdminClient("tcp://127.0.0.1:" + port)) {
            assertTrue(client.ask("status", Duration.ofMillis(1200)).isEmpty());
        }
    }
}
