package health.rapport.fhir.server;

import health.rapport.fhir.search.SearchEngine;
import health.rapport.fhir.search.SearchMatches;
import health.rapport.fhir.search.SearchSpecParser;
import health.rapport.fhir.store.ResourceStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/** Server-side searches for the features' own use: the current resources a FHIR query finds, decoded. */
@Component
public class ResourceFinder {

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

	/** E.g. {@code find("VerificationResult", Map.of("registration-number", "CA-B100001"))}. */
	public List<IBaseResource> find(String type, Map<String, String> query) {
		Map<String, String[]> params = new HashMap<>();
		query.forEach((k, v) -> params.put(k, new String[] {v}));
		SearchMatches matches = engine.search(parser.parse(type, params, false));
		return store.currentOf(matches.slice(0, matches.size())).stream().map(codec::decode).toList();
	}
}
