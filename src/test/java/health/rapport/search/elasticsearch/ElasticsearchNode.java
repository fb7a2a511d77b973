package health.rapport.search.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/**
 * A real single-node Elasticsearch for the tests and the benchmark, started from the
 * {@code integ-test-zip} distribution that Maven copies to {@code target/elasticsearch} (a complete
 * server without a bundled JDK: it runs on this JVM's). Elasticsearch refuses to run as root, so as
 * root it runs as a system user {@code rapport-es}, created when missing. One node per JVM, on
 * free ports, with a fresh data directory; {@link #stop()} and {@link #start()} let a test take it
 * away and bring it back with its data.
 */
public final class ElasticsearchNode {

	private static final String USER = "rapport-es";
	private static ElasticsearchNode shared;

	private final Path home;
	private final Path data;
	private final int httpPort;
	private final int transportPort;
	private final String heap;
	private Process process;
	private ElasticsearchClient client;

	private ElasticsearchNode(Path home, Path data, String heap) throws IOException {
		this.home = home;
		this.data = data;
		this.heap = heap;
		this.httpPort = freePort();
		this.transportPort = freePort();
	}

	/** The node this JVM's tests share, started on first use and stopped when the JVM exits. */
	public static synchronized ElasticsearchNode shared() {
		if (shared == null) {
			try {
				shared = new ElasticsearchNode(unpacked(), Files.createTempDirectory("rapport-es-data"),
						System.getProperty("rapport.elasticsearch.heap", "512m"));
				shared.start();
				Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return shared;
	}

	public String uri() {
		return "http://127.0.0.1:" + httpPort;
	}

	public synchronized ElasticsearchClient client() {
		if (client == null) {
			RestClient rest = RestClient.builder(HttpHost.create(uri())).build();
			client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
		}
		return client;
	}

	public synchronized void start() {
		if (process != null && process.isAlive()) {
			return;
		}
		try {
			Path logs = data.resolve("logs");
			Files.createDirectories(logs);
			List<String> command = new ArrayList<>();
			if (isRoot()) {
				ensureUser();
				run("chown", "-R", USER + ":" + USER, home.toString(), data.toString());
				command.addAll(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups", "--"));
			}
			command.addAll(List.of(home.resolve("bin/elasticsearch").toString(), "-E", "discovery.type=single-node", "-E",
					"xpack.security.enabled=false", "-E", "network.host=127.0.0.1", "-E", "http.port=" + httpPort, "-E",
					"transport.port=" + transportPort, "-E", "path.data=" + data.resolve("nodes"), "-E", "path.logs=" + logs, "-E",
					"cluster.name=rapport-test", "-E", "action.destructive_requires_name=false", "-E",
					// Tests must not stop on a nearly full disk: the build machine's is not ours to keep free.
					"cluster.routing.allocation.disk.threshold_enabled=false"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(data.resolve("console.log").toFile());
			builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
			builder.environment().put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
			process = builder.start();
			awaitHealthy(Duration.ofSeconds(120));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Stops the node (its data stays); {@link #start()} brings it back. */
	public synchronized void stop() {
		if (process == null) {
			return;
		}
		List<ProcessHandle> children = process.descendants().toList();
		process.destroy();
		try {
			if (!process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		children.forEach(ProcessHandle::destroyForcibly);
		process = null;
	}

	private void awaitHealthy(Duration timeout) throws IOException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest health = HttpRequest.newBuilder(URI.create(uri() + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
				.timeout(Duration.ofSeconds(5)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + ":\n" + consoleTail());
			}
			try {
				if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			} catch (IOException notYet) {
				// not listening yet
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
			sleep(250);
		}
		throw new IllegalStateException("Elasticsearch did not become healthy in " + timeout + ":\n" + consoleTail());
	}

	private String consoleTail() throws IOException {
		List<String> lines = Files.readAllLines(data.resolve("console.log"));
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	/** The distribution unpacked once per machine under the temporary directory, executables marked. */
	private static Path unpacked() throws IOException {
		Path zip = Path.of(System.getProperty("rapport.elasticsearch.distribution", "target/elasticsearch/elasticsearch.zip"));
		if (!Files.exists(zip)) {
			throw new IllegalStateException(zip + " is missing: the build copies it in pre-integration-test (./mvnw verify)");
		}
		Path root = Path.of(System.getProperty("java.io.tmpdir"), "rapport-elasticsearch-" + Files.size(zip));
		Path done = root.resolve(".unpacked");
		if (!Files.exists(done)) {
			Path work = Files.createTempDirectory(root.getParent(), "rapport-elasticsearch-unpacking");
			try (ZipFile archive = new ZipFile(zip.toFile())) {
				for (ZipEntry entry : archive.stream().toList()) {
					Path target = work.resolve(entry.getName()).normalize();
					if (!target.startsWith(work)) {
						throw new IOException("Entry outside the archive's folder: " + entry.getName());
					}
					if (entry.isDirectory()) {
						Files.createDirectories(target);
						continue;
					}
					Files.createDirectories(target.getParent());
					try (InputStream in = archive.getInputStream(entry)) {
						Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
					}
					if (target.getParent().getFileName().toString().equals("bin") || entry.getName().contains("/native/")) {
						target.toFile().setExecutable(true, false);
					}
				}
			}
			deleteRecursively(root);
			try (var entries = Files.list(work)) {
				Files.move(entries.filter(Files::isDirectory).findFirst().orElseThrow(), root);
			}
			deleteRecursively(work);
			Files.createFile(done);
		}
		return root;
	}

	private static void deleteRecursively(Path path) throws IOException {
		if (Files.exists(path)) {
			try (var files = Files.walk(path)) {
				for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static void ensureUser() throws IOException {
		if (run("id", "-u", USER) != 0) {
			run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
		}
	}

	private static int run(String... command) throws IOException {
		try {
			return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
					.waitFor();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(e);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
