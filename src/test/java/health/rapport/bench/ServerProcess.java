package health.rapport.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged application run as its own process, as a deployment runs it. */
final class ServerProcess implements AutoCloseable {

	private final Process process;
	final int port;
	final long startMillis;
	/** The Authorization header of the demo admin client, for writes and so that no rate limit applies. */
	private String authorization;

	private ServerProcess(Process process, int port, long startMillis) {
		this.process = process;
		this.port = port;
		this.startMillis = startMillis;
	}

	/** {@code target/bench/data/<name>}, emptied: each run measures from a store and index of its own. */
	static Path freshDataDir(String name) throws IOException {
		Path dir = Path.of("target/bench/data", name);
		if (Files.exists(dir)) {
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
		return Files.createDirectories(dir);
	}

	/** The server on the embedded H2 store, in files under {@code dataDir}. */
	static ServerProcess start(Path jar, Path dataDir, List<String> args) throws Exception {
		List<String> all = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("rapport")));
		all.addAll(args);
		return launch(jar, dataDir, all);
	}

	/** The server on the machine's PostgreSQL, in a schema of its own that is emptied first. */
	static ServerProcess startOnPostgres(Path jar, Path dataDir, String schema, List<String> args) throws Exception {
		try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
			db.createStatement().execute("drop schema if exists " + schema + " cascade");
		}
		List<String> all = new ArrayList<>(List.of("--spring.profiles.active=postgres",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema
						+ "&reWriteBatchedInserts=true", "--spring.flyway.schemas=" + schema));
		all.addAll(args);
		return launch(jar, dataDir, all);
	}

	private static ServerProcess launch(Path jar, Path dataDir, List<String> args) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of("java"));
		command.addAll(List.of(System.getProperty("bench.jvm", "-Xmx512m -XX:+UseParallelGC").split(" ")));
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--rapport.security.token-ttl=24h",
				// The anonymous rate limit is per address, and every benchmark request comes from this one:
				// it would measure the limit (429s), not the server.
				"--rapport.security.hardening.anonymous-per-minute=100000000",
				"--rapport.security.hardening.anonymous-burst=1000000"));
		command.addAll(args);
		Path log = dataDir.resolve("server.log");
		Files.createDirectories(dataDir);
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ServerProcess server = new ServerProcess(process, port, 0);
		// Loading a 100,000-practitioner demo directory and indexing it takes some ten minutes here.
		long ready = server.awaitReady(start, Duration.ofMinutes(30));
		ServerProcess started = new ServerProcess(process, port, ready);
		started.authorization = "Bearer " + started.demoAdminToken();
		return started;
	}

	/** A token of the demo admin client (client_secret_basic), as the README shows. */
	private String demoAdminToken() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
				URI.create("http://localhost:" + port + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
						"demo-admin:demo-admin-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=system%2F*.cruds")).build(),
				HttpResponse.BodyHandlers.ofString());
		return response.body().replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
	}

	String authorization() {
		return authorization;
	}

	/** Polls the readiness probe, which turns UP once start-up work (demo data included) is done. */
	private long awaitReady(long start, Duration timeout) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest probe = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build();
		while (System.nanoTime() - start < timeout.toNanos()) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Server exited during start-up");
			}
			try {
				if (http.send(probe, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
					return (System.nanoTime() - start) / 1_000_000;
				}
			} catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("Server not ready in " + timeout);
	}

	/**
	 * CPU time the server process has used, every thread (collector and compiler too), in seconds
	 * (Linux): steadier than latency on a small machine, so it compares two versions better.
	 */
	double cpuSeconds() throws IOException {
		String[] fields = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).replaceAll(".*\\) ", "").split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
	}

	/** Resident set size of the server process, in MiB (Linux). */
	long residentMiB() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
			}
		}
		return -1;
	}

	/** Peak resident set size of the server process so far, in MiB (Linux VmHWM). */
	long peakResidentMiB() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
			if (line.startsWith("VmHWM:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
			}
		}
		return -1;
	}

	String base() {
		return "http://localhost:" + port + "/fhir";
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		process.waitFor();
	}
}
