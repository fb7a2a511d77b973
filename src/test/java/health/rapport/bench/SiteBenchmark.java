package health.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public site's render time on the demo directory (2,000 practitioners, as {@code ./mvnw
 * spring-boot:run} starts): the packaged server in its own process, one client on the same
 * machine, each page requested in turn (search unfiltered, filtered, by distance from a town, by
 * name, a listing, the questionnaire's answer). Latency is measured at the client on localhost, so
 * it bounds the server's render time from above. The target: p95 at most 50 ms. Figures
 * go to {@code target/bench/site.json}.
 */
public final class SiteBenchmark {

	private static final int WARM_UP = 300;
	private static final int REQUESTS = 300;
	private static final double TARGET_P95_MS = 50;

	private final HttpClient http = HttpClient.newHttpClient();

	public static void main(String[] args) throws Exception {
		Path jar = Path.of(args.length > 0 ? args[0] : "target/rapport.jar");
		new SiteBenchmark().run(jar);
	}

	private void run(Path jar) throws Exception {
		Path dir = ServerProcess.freshDataDir("site");
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java", System.getProperty("java.version")));
		report.put("target_p95_ms", TARGET_P95_MS);
		try (ServerProcess server = ServerProcess.start(jar, dir, List.of())) {
			String site = "http://localhost:" + server.port;
			String listing = firstListing(site);
			Map<String, HttpRequest> pages = new LinkedHashMap<>();
			pages.put("search", get(site + "/"));
			pages.put("search_filtered", get(site + "/?language=es&modality=trauma-focused&population=adults&accepting=true"));
			pages.put("search_by_distance", get(site + "/?jurisdiction=US-CA&town=Los+Angeles&radius=100&sort=distance"));
			pages.put("search_by_name", get(site + "/?q=" + URLEncoder.encode("Smith", StandardCharsets.UTF_8) + "&sort=wait"));
			pages.put("listing", get(site + "/listings/" + listing));
			pages.put("questionnaire", HttpRequest.newBuilder(URI.create(site + "/help"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("age=adults&concern=trauma&language=es&delivery=either"
							+ "&jurisdiction=US-CA&town=Los+Angeles")).build());
			List<Long> all = new ArrayList<>();
			boolean met = true;
			for (Map.Entry<String, HttpRequest> page : pages.entrySet()) {
				long[] nanos = measure(page.getValue());
				for (long n : nanos) {
					all.add(n);
				}
				Map<String, Object> summary = Latencies.summary(nanos);
				met &= (double) summary.get("p95_ms") <= TARGET_P95_MS;
				report.put(page.getKey(), summary);
			}
			report.put("all_pages", Latencies.summary(all.stream().mapToLong(Long::longValue).toArray()));
			report.put("every_page_meets_target", met);
		}
		Path out = Path.of("target/bench/site.json");
		Files.createDirectories(out.getParent());
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
		System.out.println(Files.readString(out));
	}

	private long[] measure(HttpRequest request) throws Exception {
		for (int i = 0; i < WARM_UP; i++) {
			send(request);
		}
		long[] nanos = new long[REQUESTS];
		for (int i = 0; i < REQUESTS; i++) {
			long start = System.nanoTime();
			send(request);
			nanos[i] = System.nanoTime() - start;
		}
		return nanos;
	}

	private void send(HttpRequest request) throws Exception {
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
		}
	}

	private String firstListing(String site) throws Exception {
		String page = http.send(get(site + "/"), HttpResponse.BodyHandlers.ofString()).body();
		Matcher m = Pattern.compile("href=\"/listings/([^\"]+)\"").matcher(page);
		if (!m.find()) {
			throw new IllegalStateException("No listing on the search page");
		}
		return m.group(1);
	}

	private static HttpRequest get(String uri) {
		return HttpRequest.newBuilder(URI.create(uri)).build();
	}
}
