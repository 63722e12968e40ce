package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satbus.core.Endpoints;
import io.satbus.core.topology.Topology;
import io.satbus.core.topology.TopologyLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A plain MDP client's request for a service nobody serves does not keep {@code --until-drained}
 * waiting forever: once the topology has drained, the run ends, not drained, naming the service.
 */
class StrayRequestIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void untilDrainedEndsNamingTheServiceWhenOnlyARequestForAServiceNobodyServesIsLeft() throws Exception {
        final Path file = dir.resolve("stray.yaml");
        Files.writeString(file, "name: stray\n" + TestTopologies.orchesterOnFreePorts() + TestTopologies.trackerOnAnyPort()
            + "satellites:\n"
            // 20 a second: the run's own work lasts a second, long after the stray request is queued
            + "  gen: { type: generator, send_to: out, config: { count: 20, rate: 20 } }\n"
            + "  out: { type: sink, config: { path: out/stray.txt } }\n");
        final Topology t = TopologyLoader.load(file);
        final StringWriter out = new StringWriter();
        try (ZContext ctx = new ZContext(1)) {
            final ZMQ.Socket client = ctx.createSocket(SocketType.DEALER);
            client.setLinger(0);
            client.setReconnectIVL(10); // connected within moments of the run's orchester binding its port
            client.connect(Endpoints.tcp(t.orchester().host(), t.orchester().servicePort()));
            // Queued by the DEALER until the run's orchester has bound its port.
            final ZMsg request = new ZMsg();
            request.add("");
            request.add("MDPC01");
            request.add("nobody");
            request.add("x");
            assertTrue(request.send(client));

            final picocli.CommandLine cl = new picocli.CommandLine(new RunCommand(StopSignal.manual()));
            cl.setOut(new PrintWriter(out, true));
            cl.setExecutionExceptionHandler(new UserErrorHandler());
            final int code = cl.execute(file.toString(), "--until-drained", "--in-process", "--progress", "200ms");

            assertEquals(Satbus.EXIT_NOT_DRAINED, code, out::toString);
        }
        final String text = out.toString();
        assertTrue(text.contains("satbus: stray: 1 request queued for service \"nobody\", which is not a service of"
            + " stray and has no worker\n"), text);
        assertTrue(text.contains("satbus: stray NOT drained: generated 20, delivered 20, duplicates 0, dead 0, lost 0"),
            text);
        assertEquals(20, Files.readAllLines(dir.resolve("out/stray.txt")).size(), "the topology's own work was done");
    }
}
