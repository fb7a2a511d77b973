package health.rapport.fhir.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the query part of a FHIR URL ({@code Type?a=1&b=2}, or just {@code a=1&b=2}). */
final class QueryString {

	private QueryString() {}

	static Map<String, String[]> parse(String url) {
		String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : url;
		Map<String, List<String>> values = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode(eq < 0 ? pair : pair.substring(0, eq));
			String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
			values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
		}
		Map<String, String[]> result = new LinkedHashMap<>();
		values.forEach((k, v) -> result.put(k, v.toArray(String[]::new)));
		return result;
	}

	private static String decode(String s) {
		return URLDecoder.decode(s, StandardCharsets.UTF_8);
	}
}
