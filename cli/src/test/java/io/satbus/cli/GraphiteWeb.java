package io.satbus.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satbus.testing.Eventually;
import io.satbus.testing.Ports;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final int carbonPort;
    private final int webPort;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private GraphiteWeb(final Path dir, final int carbonPort, final int webPort) {
        this.dir = dir;
        this.carbonPort = carbonPort;
        this.webPort = webPort;
    }

    /** Starts carbon-cache and graphite-web in {@code dir}, returning once both accept connections. */
    static GraphiteWeb start(final Path dir) throws IOException, InterruptedException {
        final Path carbon = executable("carbon-cache");
        final Path manage = executable("graphite-manage");
        final int[] ports = Ports.freePorts(2);
        final GraphiteWeb g = new GraphiteWeb(dir, ports[0], ports[1]);
        try {
            g.startCarbon(carbon);
            g.startWeb(manage);
            return g;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError ex) {
            g.close();
            throw ex;
        }
    }

    /** carbon's plaintext port, for the topology's {@code tracker.metrics.graphite}. */
    int carbonPort() {
        return carbonPort;
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
        return tail("graphite-web.out") + "\n" + tail("carbon.out");
    }

    @Override
    public void close() {
        for (final Process process : processes) {
            final List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            for (final ProcessHandle p : tree) {
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception notYet) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private void startCarbon(final Path carbon) throws IOException {
        Files.createDirectories(dir.resolve("storage/whisper"));
        Files.createDirectories(dir.resolve("log/carbon"));
        Files.writeString(dir.resolve("carbon.conf"), String.join("\n",
            "[cache]",
            "STORAGE_DIR = " + dir.resolve("storage"),
            "LOCAL_DATA_DIR = " + dir.resolve("storage/whisper"),
            "WHITELISTS_DIR = " + dir.resolve("storage/lists"),
            "CONF_DIR = " + dir,
            "LOG_DIR = " + dir.resolve("log/carbon"),
            "PID_DIR = " + dir,
            "USER =",
            "DATABASE = whisper",
            "MAX_CACHE_SIZE = inf",
            "MAX_UPDATES_PER_SECOND = 10000",
            "MAX_CREATES_PER_MINUTE = inf",
            "LINE_RECEIVER_INTERFACE = 127.0.0.1",
            "LINE_RECEIVER_PORT = " + carbonPort,
            "ENABLE_UDP_LISTENER = False",
            "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
            "PICKLE_RECEIVER_PORT = 0",
            "CACHE_QUERY_INTERFACE = 127.0.0.1",
            "CACHE_QUERY_PORT = 0",
            "LOG_UPDATES = False",
            "WHISPER_AUTOFLUSH = True",
            "WHISPER_FALLOCATE_CREATE = False",
            ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("storage-schemas.conf"), "[everything]\npattern = .*\nretentions = 1s:1h\n",
            StandardCharsets.UTF_8);
        final Process process = new ProcessBuilder(carbon.toString(), "--config=" + dir.resolve("carbon.conf"),
            "--nodaemon", "start").directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("carbon.out").toFile()).start();
        processes.add(process);
        awaitPort("carbon-cache", process, carbonPort);
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
            throw new AssertionError("graphite-manage migrate failed: " + tail("migrate.out"));
        }
        final ProcessBuilder web = new ProcessBuilder(manage.toString(), "runserver", "--noreload", "--insecure",
            "127.0.0.1:" + webPort).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("graphite-web.out").toFile());
        web.environment().putAll(env);
        final Process process = web.start();
        processes.add(process);
        awaitPort("graphite-web", process, webPort);
    }

    private void awaitPort(final String what, final Process process, final int port) {
        Eventually.waitUntil(what + " listening on 127.0.0.1:" + port, START.toMillis(), () -> {
            if (!process.isAlive()) {
                throw new AssertionError(what + " exited with " + process.exitValue() + " at start\n" + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }, () -> "\n" + log());
    }

    private String tail(final String file) {
        try {
            final List<String> lines = Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
            return file + " (last 30 lines):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
                lines.size()));
        } catch (IOException ex) {
            return "no " + file + " (" + ex + ")";
        }
    }

    private static Path executable(final String name) {
        final Set<Path> tried = new LinkedHashSet<>();
        for (final String folder : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin")
            .split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            tried.add(Path.of(folder));
            if (Files.isExecutable(Path.of(folder, name))) {
                return Path.of(folder, name);
            }
        }
        return fail(name + " : not found in " + tried + " (expected: " + INSTALL + ")");
    }
}
