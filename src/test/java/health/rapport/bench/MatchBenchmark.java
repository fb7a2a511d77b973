package health.rapport.bench;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import health.rapport.fhir.conformance.CodeHierarchy;
import health.rapport.fhir.conformance.ConformancePackage;
import health.rapport.fhir.matching.ProviderProjection;
import health.rapport.matching.Delivery;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.PractiseRights;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.DirectorySort;
import health.rapport.matching.ProviderIndex;
import health.rapport.search.elasticsearch.BareQuery;
import health.rapport.search.elasticsearch.ElasticsearchIndexProperties;
import health.rapport.search.elasticsearch.ElasticsearchNode;
import health.rapport.search.elasticsearch.ElasticsearchProviderIndex;
import health.rapport.search.lucene.LuceneProviderIndex;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.VerificationResult;

/**
 * The matching benchmark: {@code $match} on the embedded Lucene index in-process at given
 * directory sizes (index build time, heap, p50/p95/p99), the same on Elasticsearch at the sizes
 * in {@code bench.match.elasticsearch} (bulk rate, rebuild time, adapter and bare-query
 * latencies), and over HTTP with 16 concurrent
 * clients against the packaged server (throughput, p99). The directory is the demo generator's,
 * projected exactly as the server projects it. Figures go to {@code target/bench/match.json}.
 */
public final class MatchBenchmark {

	private static final int WARM_UP = 2_000;
	private static final int REQUESTS = 2_000;
	private static final int CLIENTS = 16;
	private static final String[][] CITIES = {{"US-CA", "34.05", "-118.24"}, {"US-NY", "40.71", "-74.0"},
			{"US-TX", "29.76", "-95.37"}, {"US-IL", "41.88", "-87.63"}, {"US-FL", "25.76", "-80.19"},
			{"GB-ENG", "51.51", "-0.13"}, {"CA-ON", "43.65", "-79.38"}, {"US-WA", "47.61", "-122.33"}};
	private static final String[] LANGUAGES = {"en", "es", "zh", "fr", "vi"};
	private static final String[][] MODALITIES = {{"cbt"}, {"tf-cbt", "emdr"}, {"dbt"}, {"play-therapy"}, {"act"}, {}};

	private final MatchScorer scorer = new MatchScorer(MatchWeights.defaults());
	private final ReferenceData data = ReferenceData.load();
	private final ProviderProjection projection;

	MatchBenchmark() {
		FhirContext fhir = FhirContext.forR4();
		projection = new ProviderProjection(new CodeHierarchy(new ConformancePackage(fhir)), PractiseRights.load(), ProviderProjection.ObservedWaits.NONE);
	}

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args[0]);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version")));
		MatchBenchmark bench = new MatchBenchmark();
		for (String size : args[1].split(",")) {
			if (!size.isBlank()) {
				report.put("in_process_roles_" + size, bench.inProcess(Integer.parseInt(size)));
			}
		}
		for (String size : System.getProperty("bench.match.elasticsearch", "").split(",")) {
			if (!size.isBlank()) {
				report.put("elasticsearch_roles_" + size, bench.elasticsearch(Integer.parseInt(size)));
			}
		}
		for (String size : (args.length > 2 ? args[2] : "").split(",")) {
			if (!size.isBlank()) {
				report.put("http_roles_" + size, bench.overHttp(jar, Integer.parseInt(size)));
			}
		}
		Path out = Path.of("target/bench/match.json");
		Files.createDirectories(out.getParent());
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
		System.out.println(Files.readString(out));
	}

	private Map<String, Object> inProcess(int roles) throws Exception {
		// -Dbench.match.reuse=true keeps an index of the right size from an earlier run (to iterate on queries).
		Path dir = Boolean.getBoolean("bench.match.reuse") ? Path.of("target/bench/data/match-index-" + roles)
				: ServerProcess.freshDataDir("match-index-" + roles);
		Map<String, Object> figures = new LinkedHashMap<>();
		try (LuceneProviderIndex index = LuceneProviderIndex.open(scorer, dir)) {
			if (index.size() != roles) {
				long start = System.nanoTime();
				index.rebuild(1, () -> profiles(new DemoDirectory(data, DemoDirectory.DEFAULT_SEED, roles)));
				figures.put("index_build_s", seconds(start));
			}
			figures.putAll(latencies(index, null));
		}
		return figures;
	}

	/**
	 * The same directory and requests on a real Elasticsearch node: the first build (bulk rate), a
	 * second rebuild beside the first (new index, alias switch, old one dropped), then $match
	 * through the adapter and the bare compiled query straight to the node, for the adapter's overhead.
	 */
	private Map<String, Object> elasticsearch(int roles) throws Exception {
		ElasticsearchNode node = ElasticsearchNode.shared();
		String alias = "bench-" + roles;
		node.client().indices().delete(d -> d.index(alias + "-*").ignoreUnavailable(true).allowNoIndices(true));
		ElasticsearchProviderIndex index = new ElasticsearchProviderIndex(node.client(), scorer,
				new ElasticsearchIndexProperties(alias, 1, 0, null, 2000));
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("node_heap", System.getProperty("rapport.elasticsearch.heap", "512m"));
		long start = System.nanoTime();
		index.rebuild(1, () -> profiles(new DemoDirectory(data, DemoDirectory.DEFAULT_SEED, roles)));
		double build = seconds(start);
		figures.put("first_build_s", build);
		figures.put("bulk_docs_per_s", Math.round(roles / build));
		start = System.nanoTime();
		index.rebuild(2, () -> profiles(new DemoDirectory(data, DemoDirectory.DEFAULT_SEED, roles)));
		figures.put("zero_downtime_rebuild_s", seconds(start));
		figures.putAll(latencies(index, new BareQuery(node.client(), alias)));
		node.client().indices().delete(d -> d.index(alias + "-*").ignoreUnavailable(true).allowNoIndices(true));
		return figures;
	}

	/** $match top 10 for the same seeded requests on any index; with {@code bare}, the bare query too. */
	private Map<String, Object> latencies(ProviderIndex index, BareQuery bare) throws Exception {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("roles", index.size());
		System.gc();
		Runtime rt = Runtime.getRuntime();
		figures.put("heap_after_load_mib", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
		Random random = new Random(42);
		int found = 0;
		for (int i = 0; i < WARM_UP; i++) {
			index.match(request(random), 10);
		}
		long[] nanos = new long[REQUESTS];
		long[] bareNanos = new long[REQUESTS];
		for (int i = 0; i < REQUESTS; i++) {
			MatchRequest request = request(random);
			long t = System.nanoTime();
			found += index.match(request, 10).size();
			nanos[i] = System.nanoTime() - t;
			if (bare != null) {
				t = System.nanoTime();
				bare.search(request);
				bareNanos[i] = System.nanoTime() - t;
			}
		}
		figures.put("match_top10", Latencies.summary(nanos));
		if (bare != null) {
			figures.put("bare_query_top10", Latencies.summary(bareNanos));
		}
		long[] searchNanos = new long[REQUESTS];
		for (int i = 0; i < WARM_UP + REQUESTS; i++) {
			DirectoryQuery query = directoryQuery(random);
			long t = System.nanoTime();
			index.search(query);
			if (i >= WARM_UP) {
				searchNanos[i - WARM_UP] = System.nanoTime() - t;
			}
		}
		figures.put("directory_search_page20_with_facets", Latencies.summary(searchNanos));
		figures.put("mean_matches_returned", Math.round(found * 10.0 / REQUESTS) / 10.0);
		return figures;
	}

	/** A public directory search as the site sends it: a jurisdiction, often a language or an approach, sometimes near a city. */
	private DirectoryQuery directoryQuery(Random random) {
		String[] city = CITIES[random.nextInt(CITIES.length)];
		String[] modalities = MODALITIES[random.nextInt(MODALITIES.length)];
		boolean near = random.nextInt(3) == 0;
		return new DirectoryQuery(null, Set.of(), Set.of(modalities), Set.of(), Set.of(),
				random.nextBoolean() ? Set.of(LANGUAGES[random.nextInt(LANGUAGES.length)]) : Set.of(), Set.of(city[0]), Set.of(),
				random.nextBoolean(), null, false, near ? new GeoPoint(Double.parseDouble(city[1]), Double.parseDouble(city[2])) : null,
				near ? 40.0 : null, near ? DirectorySort.DISTANCE : DirectorySort.RELEVANCE, 0, 20);
	}

	private static double seconds(long startNanos) {
		return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
	}

	/** The server with the demo directory at this size; 16 clients send $match with referrals in the body. */
	private Map<String, Object> overHttp(Path jar, int practitioners) throws Exception {
		Path dir = ServerProcess.freshDataDir("match-http-" + practitioners);
		Map<String, Object> figures = new LinkedHashMap<>();
		try (ServerProcess server = ServerProcess.start(jar, dir,
				List.of("--rapport.demo-data.practitioners=" + practitioners))) {
			figures.put("ready_with_demo_data_s", server.startMillis / 1000.0);
			// Daemon threads: the client is never closed, and the benchmark's JVM must still exit.
			HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(CLIENTS, r -> {
				Thread t = new Thread(r);
				t.setDaemon(true);
				return t;
			})).build();
			Random random = new Random(7);
			List<String> bodies = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				bodies.add(parameters(random));
			}
			awaitIndexed(http, server, bodies);
			for (int i = 0; i < WARM_UP; i++) {
				post(http, server, bodies.get(i % bodies.size()));
			}
			ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
			long[] nanos = new long[REQUESTS * 2];
			double cpuBefore = server.cpuSeconds();
			long start = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				int client = c;
				futures.add(clients.submit(() -> {
					for (int i = client; i < nanos.length; i += CLIENTS) {
						long t = System.nanoTime();
						post(http, server, bodies.get(i % bodies.size()));
						nanos[i] = System.nanoTime() - t;
					}
					return null;
				}));
			}
			for (Future<?> f : futures) {
				f.get();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			clients.shutdown();
			figures.put("clients", CLIENTS);
			figures.put("matches_per_second", Math.round(nanos.length / seconds));
			figures.put("latency", Latencies.summary(nanos));
			figures.put("server_cpu_ms_per_match", Math.round((server.cpuSeconds() - cpuBefore) * 1e5 / nanos.length) / 100.0);
			figures.put("resident_mib", server.residentMiB());
		}
		return figures;
	}

	/** Until the index answers: some referral (not always the first: it may fit no one) finds a match. */
	private static void awaitIndexed(HttpClient http, ServerProcess server, List<String> bodies) throws Exception {
		for (int i = 0; i < 600 && !post(http, server, bodies.get(i % bodies.size())).contains("\"mode\":\"match\""); i++) {
			Thread.sleep(i < bodies.size() ? 0 : 1000);
		}
	}

	private static String post(HttpClient http, ServerProcess server, String body) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/ServiceRequest/$match"))
					.header("Content-Type", "application/fhir+json").header("Authorization", server.authorization())
					.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("$match answered " + response.statusCode() + " " + response.body());
			}
			return response.body();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private MatchRequest request(Random random) {
		String[] city = CITIES[random.nextInt(CITIES.length)];
		String[] modalities = MODALITIES[random.nextInt(MODALITIES.length)];
		String[] populations = {"children", "adolescents", "adults", "adults", "older-adults"};
		Delivery delivery = Delivery.values()[random.nextInt(3)];
		return new MatchRequest(populations[random.nextInt(populations.length)],
				List.of(LANGUAGES[random.nextInt(LANGUAGES.length)], "en"), random.nextBoolean(), city[0],
				new GeoPoint(Double.parseDouble(city[1]), Double.parseDouble(city[2])), 40, Set.of(), random.nextInt(10) == 0,
				Set.of(modalities), Set.of(), Set.of(), null, delivery, random.nextInt(5) == 0, null, false);
	}

	/** A referral as an EHR sends it, for the HTTP run. */
	private static String parameters(Random random) {
		String[] city = CITIES[random.nextInt(CITIES.length)];
		String[] modalities = MODALITIES[random.nextInt(MODALITIES.length)];
		StringBuilder extensions = new StringBuilder();
		for (String m : modalities) {
			extensions.append("{\"url\":\"https://rapport.health/fhir/StructureDefinition/requested-modality\",\"valueCodeableConcept\":"
					+ "{\"coding\":[{\"system\":\"https://rapport.health/fhir/CodeSystem/modality\",\"code\":\"" + m + "\"}]}},");
		}
		extensions.append("{\"url\":\"https://rapport.health/fhir/StructureDefinition/preferred-language\",\"valueCodeableConcept\":"
				+ "{\"coding\":[{\"system\":\"urn:ietf:bcp:47\",\"code\":\"" + LANGUAGES[random.nextInt(LANGUAGES.length)] + "\"}]}},");
		extensions.append("{\"url\":\"https://rapport.health/fhir/StructureDefinition/interpreter-needed\",\"valueBoolean\":true},");
		extensions.append("{\"url\":\"https://rapport.health/fhir/StructureDefinition/patient-jurisdiction\",\"valueCodeableConcept\":"
				+ "{\"coding\":[{\"system\":\"urn:iso:std:iso:3166:-2\",\"code\":\"" + city[0] + "\"}]}}");
		int born = 1940 + random.nextInt(80);
		return "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"referral\",\"resource\":{\"resourceType\":\"ServiceRequest\","
				+ "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p\",\"birthDate\":\"" + born + "-06-01\",\"address\":[{\"extension\":"
				+ "[{\"url\":\"http://hl7.org/fhir/StructureDefinition/geolocation\",\"extension\":[{\"url\":\"latitude\",\"valueDecimal\":"
				+ city[1] + "},{\"url\":\"longitude\",\"valueDecimal\":" + city[2] + "}]}]}]}],\"extension\":[" + extensions
				+ "],\"status\":\"active\",\"intent\":\"order\",\"category\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\","
				+ "\"code\":\"3457005\"}]}],\"subject\":{\"reference\":\"#p\"},\"requester\":{\"display\":\"GP\"}}},"
				+ "{\"name\":\"count\",\"valueInteger\":10}]}";
	}

	/** Projects the generator's roles one at a time, so a million never sit in memory together. */
	private Iterator<ProviderProfile> profiles(DemoDirectory directory) {
		Map<String, Location> locations = new HashMap<>();
		for (Resource r : directory.infrastructure()) {
			if (r instanceof Location l) {
				locations.put("Location/" + l.getIdPart(), l);
			}
		}
		return new Iterator<>() {
			private int next;

			@Override
			public boolean hasNext() {
				return next < directory.practitionerCount();
			}

			@Override
			public ProviderProfile next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				List<Resource> resources = directory.practitioner(next++);
				PractitionerRole role = (PractitionerRole) resources.get(1);
				List<Location> sites = role.getLocation().stream().map(ref -> locations.get(ref.getReference()))
						.filter(java.util.Objects::nonNull).toList();
				return projection.project(role, (Practitioner) resources.get(0), sites, List.of((VerificationResult) resources.get(2)));
			}
		};
	}
}
