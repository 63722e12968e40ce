package io.satbus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.core.topology.Topology;
import io.satbus.tracker.report.DashboardGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code satbus dashboard TOPOLOGY}: a graphite-web dashboard of the topology's metrics, printed,
 * written to a file, or saved into a running graphite-web ({@code --graphite URL}, through its
 * {@code POST /dashboard/save/satbus-<topology>}).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = {"Print (or write with --out, or save into graphite-web with --graphite) a graphite-web dashboard"
        + " for the topology: the run's accounting; per satellite its throughput, latency percentiles, in flight and"
        + " queue, failures, emissions, instances and restarts; the orchester and the tracker.",
        "The dashboard is named satbus-TOPOLOGY in graphite-web."})
final class DashboardCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    private final TopologyOption topology = new TopologyOption();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the dashboard JSON to FILE instead of stdout.")
    private Path out;

    @Option(names = "--graphite", paramLabel = "URL", description = "Save the dashboard into the graphite-web at URL"
        + " (e.g. http://127.0.0.1:8080), as satbus-TOPOLOGY, replacing one of that name.")
    private String graphite;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final URI base = graphite == null ? null : graphiteUrl(graphite);
        final Topology t = topology.load();
        final String json = DashboardGenerator.json(t);
        if (out != null) {
            IoProblems.writeFile("--out", out, json + System.lineSeparator());
            spec.commandLine().getOut().println("satbus: dashboard written to " + out);
        }
        if (base != null) {
            return save(base, DashboardGenerator.name(t), json);
        }
        if (out == null) {
            spec.commandLine().getOut().println(json);
        }
        return 0;
    }

    private int save(final URI base, final String name, final String json) throws InterruptedException {
        final URI save = base.resolve("dashboard/save/" + name);
        final HttpRequest request = HttpRequest.newBuilder(save).timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("state=" + URLEncoder.encode(json, StandardCharsets.UTF_8)))
            .build();
        final String problem;
        try {
            final HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
            problem = refusal(response);
        } catch (IOException ex) {
            spec.commandLine().getErr().println("satbus: graphite " + save + " : " + reason(ex)
                + " (expected: a graphite-web answering there)");
            return 1;
        }
        if (problem != null) {
            spec.commandLine().getErr().println("satbus: graphite " + save + " : " + problem);
            return 1;
        }
        spec.commandLine().getOut().println("satbus: dashboard " + name + " saved; open "
            + base.resolve("dashboard/" + name));
        return 0;
    }

    private static String reason(final IOException ex) {
        if (ex instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (ex instanceof java.net.ConnectException) {
            return "cannot connect (" + (ex.getMessage() == null ? "connection refused" : ex.getMessage()) + ")";
        }
        return UsageErrorHandler.oneLine(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
    }

    /** Why graphite-web did not save it, or null when it did ({@code {"success": true}}). */
    private static String refusal(final HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return "answered " + response.statusCode() + " (expected: 200 from graphite-web's dashboard/save)";
        }
        try {
            final JsonNode answer = new ObjectMapper().readTree(response.body());
            if (answer.path("success").asBoolean(false)) {
                return null;
            }
            return "refused: " + UsageErrorHandler.oneLine(answer.path("error").asText(response.body()))
                + " (expected: {\"success\": true}; graphite-web may require a login to save dashboards)";
        } catch (IOException ex) {
            return "answered what is not JSON (expected: graphite-web's dashboard/save at that URL)";
        }
    }

    private URI graphiteUrl(final String value) {
        try {
            final URI uri = new URI(value.endsWith("/") ? value : value + "/");
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException ex) {
            throw new ParameterException(spec.commandLine(), "--graphite : \"" + value
                + "\" (expected: graphite-web's URL, such as http://127.0.0.1:8080)");
        }
    }
}
