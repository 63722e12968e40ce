package io.satbus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.testing.CarbonCache;
import io.satbus.testing.ExternalProcesses;
import io.satbus.testing.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Graphite in a temporary folder: carbon-cache (Debian package graphite-carbon) taking
 * the plaintext protocol on a free port of 127.0.0.1 and keeping 1 s points for an hour, and
 * graphite-web (Debian package graphite-web) reading the same whisper files, served by Django's
 * own server on another free port ({@code graphite-manage runserver --insecure}, which also serves
 * the dashboard's scripts), with its SQLite database (made by {@code graphite-manage migrate}),
 * logs and index in the folder. The settings come from two modules written in the folder:
 * graphite-web's {@code local_settings} ({@code GRAPHITE_SETTINGS_MODULE}) and a Django settings
 * module that adds Debian's static folder ({@code DJANGO_SETTINGS_MODULE}). graphite-web is told
 * of no carbon cache to query (it reads the files carbon writes at once), so it can never ask
 * someone else's. A missing binary fails the test saying what to install.
 */
final class GraphiteWeb implements AutoCloseable {
    static final String INSTALL = "install the Debian packages graphite-carbon and graphite-web"
        + " (apt-get install -y graphite-carbon graphite-web; .ci/run does)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(90);

    private final Path dir;
    private final int webPort;
    private CarbonCache carbon;
    private Process web;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private GraphiteWeb(final Path dir, final int webPort) {
        this.dir = dir;
        this.webPort = webPort;
    }

    /** Starts carbon-cache and graphite-web in {@code dir}, returning once both accept connections. */
    static GraphiteWeb start(final Path dir) throws IOException, InterruptedException {
        final Path manage = ExternalProcesses.executable(INSTALL, List.of("/usr/bin"), "graphite-manage");
        final GraphiteWeb g = new GraphiteWeb(dir, Ports.freePort());
        try {
            g.carbon = CarbonCache.start(dir);
            g.startWeb(manage);
            return g;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError ex) {
            g.close();
            throw ex;
        }
    }

    /** carbon's plaintext port, for the topology's {@code tracker.metrics.graphite}. */
    int carbonPort() {
        return carbon.linePort();
    }

    /** graphite-web's base URL, ending with a slash. */
    String url() {
        return "http://127.0.0.1:" + webPort + "/";
    }

    /** GET {@code path} (relative to {@link #url()}) as JSON; any status but 200 fails. */
    JsonNode getJson(final String path) throws IOException, InterruptedException {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path))
            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("graphite-web GET " + path + " answered " + r.statusCode() + ": " + r.body()
                + "\n" + log());
        }
        return JSON.readTree(r.body());
    }

    /** The render API's JSON for {@code target} from {@code fromEpochS} until {@code untilEpochS}. */
    JsonNode render(final String target, final long fromEpochS, final long untilEpochS) throws IOException, InterruptedException {
        return getJson("render?format=json&from=" + fromEpochS + "&until=" + untilEpochS + "&target="
            + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    /** The render API's JSON for {@code target} over the last {@code seconds}. */
    JsonNode render(final String target, final int seconds) throws IOException, InterruptedException {
        return getJson("render?format=json&from=-" + seconds + "s&until=now&target="
            + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    /** The end of graphite-web's and carbon's output, for failure messages. */
    String log() {
        return ExternalProcesses.tail(dir.resolve("graphite-web.out"), 30) + "\n"
            + (carbon == null ? "" : carbon.log());
    }

    @Override
    public void close() {
        if (web != null) {
            ExternalProcesses.stopTree(web);
        }
        if (carbon != null) {
            carbon.close();
        }
    }

    private void startWeb(final Path manage) throws IOException, InterruptedException {
        final Path settings = dir.resolve("settings");
        Files.createDirectories(settings);
        Files.createDirectories(dir.resolve("log/webapp"));
        Files.writeString(settings.resolve("satbus_graphite_local.py"), String.join("\n",
            "SECRET_KEY = 'satbus-test-only'",
            "ALLOWED_HOSTS = ['127.0.0.1', 'localhost']",
            "GRAPHITE_ROOT = '/usr/share/graphite-web'",
            "CONF_DIR = '" + dir + "'",
            "STORAGE_DIR = '" + dir.resolve("storage") + "'",
            "WHISPER_DIR = '" + dir.resolve("storage/whisper") + "'",
            "LOG_DIR = '" + dir.resolve("log/webapp") + "'",
            "INDEX_FILE = '" + dir.resolve("search_index") + "'",
            "STATIC_ROOT = '" + dir.resolve("static") + "'",
            "CARBONLINK_HOSTS = []",
            "DEFAULT_XFILES_FACTOR = 0",
            "SILENCED_SYSTEM_CHECKS = ['models.W042', 'admin.W411']",
            "DATABASES = {'default': {'NAME': '" + dir.resolve("graphite.db") + "',"
                + " 'ENGINE': 'django.db.backends.sqlite3'}}",
            ""), StandardCharsets.UTF_8);
        Files.writeString(settings.resolve("satbus_graphite_site.py"), String.join("\n",
            "from graphite.settings import *  # noqa",
            "STATICFILES_DIRS = ['/usr/share/graphite-web/static']",
            ""), StandardCharsets.UTF_8);
        final Map<String, String> env = Map.of("PYTHONPATH", settings.toString(),
            "GRAPHITE_SETTINGS_MODULE", "satbus_graphite_local", "DJANGO_SETTINGS_MODULE", "satbus_graphite_site");
        final ProcessBuilder migrate = new ProcessBuilder(manage.toString(), "migrate", "--noinput")
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("migrate.out").toFile());
        migrate.environment().putAll(env);
        final Process m = migrate.start();
        if (!m.waitFor(START.toSeconds(), TimeUnit.SECONDS) || m.exitValue() != 0) {
            m.destroyForcibly();
            throw new AssertionError("graphite-manage migrate failed: " + ExternalProcesses.tail(dir.resolve("migrate.out"), 30));
        }
        final ProcessBuilder runserver = new ProcessBuilder(manage.toString(), "runserver", "--noreload", "--insecure",
            "127.0.0.1:" + webPort).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("graphite-web.out").toFile());
        runserver.environment().putAll(env);
        web = runserver.start();
        ExternalProcesses.awaitPort("graphite-web", web, webPort, START.toMillis(), this::log);
    }
}
