package health.rapport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The register import benchmark: a generated CSV register file of N rows streamed to the packaged
 * server's import endpoint (never held in memory on either side), timed to the job's answer, with
 * the server's peak resident memory after each size, on H2 and on PostgreSQL. A second import of
 * the first size measures the idempotent path (every row unchanged). Figures go to
 * {@code target/bench/register.json}.
 */
public final class RegisterImportBenchmark {

	private static final String[] PROFESSIONS = {"103TC0700X", "1041C0700X", "101YP2500X", "106H00000X", "2084P0800X",
			"363LP0808X"};
	private static final String[] STATUSES = {"registered", "registered", "registered", "registered", "lapsed",
			"registered-with-conditions", "suspended"};
	private static final String[] JURISDICTIONS = {"US-CA", "US-NY", "US-TX", "US-FL", "US-IL"};

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args[0]);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version"),
				"server_jvm", System.getProperty("bench.jvm", "-Xmx512m -XX:+UseParallelGC")));
		for (String store : args[2].split(",")) {
			Map<String, Object> figures = new LinkedHashMap<>();
			Path dir = ServerProcess.freshDataDir("register-" + store);
			List<String> noDemo = List.of("--rapport.demo-data.enabled=false");
			try (ServerProcess server = store.equals("postgres") ? ServerProcess.startOnPostgres(jar, dir, "rapport_bench_register", noDemo)
					: ServerProcess.start(jar, dir, noDemo)) {
				figures.put("peak_resident_mib_at_start", server.peakResidentMiB());
				String[] sizes = args[1].split(",");
				for (int i = 0; i < sizes.length; i++) {
					int rows = Integer.parseInt(sizes[i]);
					figures.put("import_" + rows, run(server, JURISDICTIONS[i % JURISDICTIONS.length], rows));
				}
				figures.put("reimport_unchanged_" + sizes[0], run(server, JURISDICTIONS[0], Integer.parseInt(sizes[0])));
			}
			report.put(store, figures);
		}
		Path out = Path.of("target/bench/register.json");
		Files.createDirectories(out.getParent());
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
		System.out.println(Files.readString(out));
	}

	private static Map<String, Object> run(ServerProcess server, String jurisdiction, int rows) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(server.base().replace("/fhir", "") + "/api/v1/regulators/"
				+ jurisdiction + "/imports")).header("Content-Type", "text/csv").header("Authorization", server.authorization())
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new RegisterFile(jurisdiction, rows))).build();
		long start = System.nanoTime();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		double seconds = (System.nanoTime() - start) / 1e9;
		if (response.statusCode() != 201) {
			throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.body());
		}
		JsonNode job = new ObjectMapper().readTree(response.body());
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("rows", rows);
		figures.put("seconds", Math.round(seconds * 100) / 100.0);
		figures.put("rows_per_second", Math.round(rows / seconds));
		figures.put("applied", job.get("rowsApplied").asLong());
		figures.put("unchanged", job.get("rowsUnchanged").asLong());
		figures.put("failed", job.get("rowsFailed").asLong());
		figures.put("peak_resident_mib_after", server.peakResidentMiB());
		return figures;
	}

	/** A register file generated as it is read: header, then {@code rows} deterministic rows. */
	private static final class RegisterFile extends InputStream {
		private final String jurisdiction;
		private final int rows;
		private int next = -1;
		private byte[] line = new byte[0];
		private int at;

		RegisterFile(String jurisdiction, int rows) {
			this.jurisdiction = jurisdiction;
			this.rows = rows;
		}

		@Override
		public int read() throws IOException {
			if (at == line.length && !advance()) {
				return -1;
			}
			return line[at++] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (at == line.length && !advance()) {
				return -1;
			}
			int n = Math.min(len, line.length - at);
			System.arraycopy(line, at, b, off, n);
			at += n;
			return n;
		}

		private boolean advance() {
			if (next >= rows) {
				return false;
			}
			String text = next < 0 ? "registration_number,family_name,given_name,profession,status,conditions,effective_date,npi\n"
					: row(next);
			next++;
			line = text.getBytes(StandardCharsets.UTF_8);
			at = 0;
			return true;
		}

		private String row(int i) {
			String status = STATUSES[i % STATUSES.length];
			return jurisdiction.substring(3) + "-R" + (1_000_000 + i) + ",Family" + (i % 9973) + ",Given" + (i % 499) + ","
					+ PROFESSIONS[i % PROFESSIONS.length] + "," + status + ","
					+ (status.equals("registered-with-conditions") ? "\"Supervised practice, review in 2027\"" : "") + ",2025-0"
					+ (1 + i % 9) + "-15,\n";
		}
	}
}
