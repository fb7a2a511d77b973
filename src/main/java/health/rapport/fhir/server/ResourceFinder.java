package health.rapport.fhir.server;

import health.rapport.fhir.search.SearchEngine;
import health.rapport.fhir.search.SearchMatches;
import health.rapport.fhir.search.SearchSpec;
import health.rapport.fhir.search.SearchSpecParser;
import health.rapport.fhir.store.ResourceStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/** Server-side searches for the features' own use: the current resources a FHIR query finds, decoded. */
@Component
public class ResourceFinder {

	private static final int PAGE = 1000;

	private final SearchSpecParser parser;
	private final SearchEngine engine;
	private final ResourceStore store;
	private final ResourceCodec codec;

	public ResourceFinder(SearchSpecParser parser, SearchEngine engine, ResourceStore store, ResourceCodec codec) {
		this.parser = parser;
		this.engine = engine;
		this.store = store;
		this.codec = codec;
	}

	/**
	 * Every match, e.g. {@code find("VerificationResult", Map.of("registration-number", "CA-B100001"))}:
	 * past the search's snapshot ({@code rapport.fhir.search-snapshot-limit}) too, a page at a time.
	 */
	public List<IBaseResource> find(String type, Map<String, String> query) {
		Map<String, String[]> params = new HashMap<>();
		query.forEach((k, v) -> params.put(k, new String[] {v}));
		SearchSpec spec = parser.parse(type, params, false);
		SearchMatches matches = engine.search(spec);
		List<Long> keys = new ArrayList<>(matches.slice(0, matches.size()));
		if (!matches.complete()) {
			List<Long> more;
			do {
				more = engine.page(spec, keys.size(), PAGE);
				keys.addAll(more);
			} while (more.size() == PAGE);
		}
		List<IBaseResource> found = new ArrayList<>(keys.size());
		for (int from = 0; from < keys.size(); from += PAGE) {
			store.currentOf(keys.subList(from, Math.min(keys.size(), from + PAGE))).forEach(v -> found.add(codec.decode(v)));
		}
		return found;
	}

	/**
	 * The current resources of one type with these ids (null ones ignored), by id, in one query;
	 * deleted and unknown ones are left out.
	 */
	public Map<String, IBaseResource> readAll(String type, List<String> ids) {
		Map<String, IBaseResource> found = new LinkedHashMap<>();
		store.currentOf(type, ids.stream().filter(Objects::nonNull).toList()).forEach(v -> found.put(v.id(), codec.decode(v)));
		return found;
	}
}
