package health.rapport.bench;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The directory benchmark: start-up time, transaction ingest rate, resident memory and search
 * latency of the packaged server on the embedded store, at given directory sizes. Figures go to
 * {@code target/bench/directory.json}. Run with {@code ./mvnw -Pbench verify}.
 */
public final class DirectoryBenchmark {

	private static final int ENTRIES_PER_TRANSACTION = 500;
	private static final int REQUESTS = 200;
	/** Requests sent before measuring each query, so that the figures are of compiled code. */
	private static final int WARM_UP = 500;
	private static final FhirContext FHIR = FhirContext.forR4();
	private static final String[] SPECIALTIES = {"103TC0700X", "1041C0700X", "106H00000X", "101YP2500X", "2084P0800X",
			"101YM0800X", "103TC1900X", "363LP0808X"};
	private static final String[] STATES = {"CA", "NY", "TX", "FL", "IL", "PA", "ENG", "ON"};
	private static final String[] LANGUAGES = {"es", "en", "zh", "fr", "vi", "ar"};

	private final HttpClient http = HttpClient.newHttpClient();
	private final ReferenceData data = ReferenceData.load();

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args.length > 0 ? args[0] : "target/rapport.jar");
		int[] sizes = args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
				: new int[] {20_000, 100_000};
		new DirectoryBenchmark().run(jar, sizes);
	}

	private void run(Path jar, int[] sizes) throws Exception {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
				System.getProperty("java.version")));
		report.put("startup_with_demo_data", startupWithDemoData(jar));
		for (String store : System.getProperty("bench.stores", "h2").split(",")) {
			for (int size : sizes) {
				report.put(store + "_practitioners_" + size, atSize(jar, store, size));
			}
			report.put(store + "_practitioners_" + sizes[0] + "_unvalidated", unvalidatedIngest(jar, store, sizes[0]));
		}
		Path out = Path.of("target/bench/directory.json");
		Files.createDirectories(out.getParent());
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
		System.out.println(Files.readString(out));
	}

	private Map<String, Object> startupWithDemoData(Path jar) throws Exception {
		Path dir = ServerProcess.freshDataDir("demo");
		try (ServerProcess server = ServerProcess.start(jar, dir, List.of())) {
			return Map.of("ready_ms", server.startMillis, "resident_mib", server.residentMiB());
		}
	}

	private Map<String, Object> atSize(Path jar, String store, int practitioners) throws Exception {
		Path dir = ServerProcess.freshDataDir(store + "-" + practitioners);
		Map<String, Object> figures = new LinkedHashMap<>();
		DemoDirectory directory = new DemoDirectory(data, DemoDirectory.DEFAULT_SEED, practitioners);
		List<String> args = List.of("--rapport.demo-data.enabled=false");
		try (ServerProcess server = store.equals("postgres")
				? ServerProcess.startOnPostgres(jar, dir, "bench_" + practitioners, args)
				: ServerProcess.start(jar, dir, args)) {
			figures.put("empty_start_ms", server.startMillis);
			post(server, transactions(directory.infrastructure()));
			figures.put("ingest", ingest(server, directory));
			figures.put("resident_mib_after_load", server.residentMiB());
			figures.put("search", searches(server));
			figures.put("resident_mib_after_search", server.residentMiB());
		}
		return figures;
	}

	/** What profile validation costs: the same ingest with validation switched off. */
	private Map<String, Object> unvalidatedIngest(Path jar, String store, int practitioners) throws Exception {
		Path dir = ServerProcess.freshDataDir(store + "-" + practitioners + "-unvalidated");
		DemoDirectory directory = new DemoDirectory(data, DemoDirectory.DEFAULT_SEED, practitioners);
		List<String> args = List.of("--rapport.demo-data.enabled=false", "--rapport.fhir.validation.enabled=false");
		try (ServerProcess server = store.equals("postgres")
				? ServerProcess.startOnPostgres(jar, dir, "bench_unvalidated_" + practitioners, args)
				: ServerProcess.start(jar, dir, args)) {
			post(server, transactions(directory.infrastructure()));
			return Map.of("ingest", ingest(server, directory));
		}
	}

	/** Practitioner and PractitionerRole pairs, 500 entries a transaction, timed end to end. */
	private Map<String, Object> ingest(ServerProcess server, DemoDirectory directory) throws Exception {
		int pairsPerTransaction = ENTRIES_PER_TRANSACTION / 2;
		long resources = 0;
		long nanos = 0;
		for (int first = 0; first < directory.practitionerCount(); first += pairsPerTransaction) {
			List<Resource> batch = new ArrayList<>();
			for (int i = first; i < Math.min(first + pairsPerTransaction, directory.practitionerCount()); i++) {
				batch.addAll(directory.practitioner(i).subList(0, 2));
			}
			String body = FHIR.newJsonParser().encodeResourceToString(transaction(batch));
			long start = System.nanoTime();
			send(server, body);
			nanos += System.nanoTime() - start;
			resources += batch.size();
		}
		Map<String, Object> ingest = new LinkedHashMap<>();
		ingest.put("resources", resources);
		ingest.put("seconds", Math.round(nanos / 1e7) / 100.0);
		ingest.put("resources_per_second", Math.round(resources / (nanos / 1e9)));
		return ingest;
	}

	private Map<String, Object> searches(ServerProcess server) throws Exception {
		Map<String, IntFunction<String>> queries = new LinkedHashMap<>();
		queries.put("PractitionerRole?specialty=<nucc>&_count=20",
				i -> "PractitionerRole?specialty=" + SPECIALTIES[i % SPECIALTIES.length] + "&_count=20");
		queries.put("Practitioner?address-state=<st>&communication=<lang>&_count=20",
				i -> "Practitioner?address-state=" + STATES[i % STATES.length] + "&communication="
						+ LANGUAGES[i % LANGUAGES.length] + "&_count=20");
		queries.put("PractitionerRole?specialty=<nucc>&practitioner.address-state=<st>&_include=PractitionerRole:practitioner&_count=20",
				i -> "PractitionerRole?specialty=" + SPECIALTIES[i % SPECIALTIES.length] + "&practitioner.address-state="
						+ STATES[(i / SPECIALTIES.length) % STATES.length] + "&_include=PractitionerRole:practitioner&_count=20");
		queries.put("Practitioner?name=<family>",
				i -> "Practitioner?name=" + data.surnames().get((i * 7) % 200).value());
		Map<String, Object> results = new LinkedHashMap<>();
		for (Map.Entry<String, IntFunction<String>> query : queries.entrySet()) {
			for (int i = 0; i < WARM_UP; i++) {
				get(server, query.getValue().apply(i));
			}
			long[] nanos = new long[REQUESTS];
			double cpuBefore = server.cpuSeconds();
			for (int i = 0; i < REQUESTS; i++) {
				long start = System.nanoTime();
				get(server, query.getValue().apply(i));
				nanos[i] = System.nanoTime() - start;
			}
			Map<String, Object> summary = Latencies.summary(nanos);
			summary.put("server_cpu_ms_per_request", Math.round((server.cpuSeconds() - cpuBefore) * 1e5 / REQUESTS) / 100.0);
			results.put(query.getKey(), summary);
		}
		return results;
	}

	private void post(ServerProcess server, List<Bundle> bundles) throws Exception {
		for (Bundle bundle : bundles) {
			send(server, FHIR.newJsonParser().encodeResourceToString(bundle));
		}
	}

	private List<Bundle> transactions(List<Resource> resources) {
		List<Bundle> bundles = new ArrayList<>();
		for (int i = 0; i < resources.size(); i += ENTRIES_PER_TRANSACTION) {
			bundles.add(transaction(resources.subList(i, Math.min(resources.size(), i + ENTRIES_PER_TRANSACTION))));
		}
		return bundles;
	}

	private static Bundle transaction(List<Resource> resources) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Resource r : resources) {
			bundle.addEntry().setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT)
					.setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
		}
		return bundle;
	}

	private void send(ServerProcess server, String body) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.base()))
				.header("Content-Type", "application/fhir+json").header("Prefer", "return=minimal")
				.header("Authorization", server.authorization())
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Transaction failed: " + response.statusCode() + " " + response.body());
		}
	}

	private void get(ServerProcess server, String query) throws Exception {
		HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/" + query))
				.header("Authorization", server.authorization()).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(query + " answered " + response.statusCode());
		}
	}
}
