package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.rapport.fhir.search.SearchEngine;
import health.rapport.fhir.search.SearchSpec;
import health.rapport.fhir.search.SearchSpecParser;
import health.rapport.fhir.server.SearchResults.SearchServices;
import health.rapport.fhir.store.ResourceStore;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/** Runs searches and history queries and wraps their results for HAPI's paging. */
@Component
class Searches {

	private final SearchSpecParser parser;
	private final SearchEngine engine;
	private final ResourceStore store;
	private final ResourceCodec codec;
	private final FhirContext fhirContext;
	private final SearchServices services;
	private final FhirServerProperties paging;

	Searches(SearchSpecParser parser, SearchEngine engine, ResourceStore store, ResourceCodec codec,
			IncludeLoader includes, FhirContext fhirContext, FhirServerProperties paging) {
		this.paging = paging;
		this.parser = parser;
		this.engine = engine;
		this.store = store;
		this.codec = codec;
		this.fhirContext = fhirContext;
		this.services = new SearchServices(engine, store, codec, includes);
	}

	SearchSpec parse(String type, RequestDetails request) {
		String prefer = request.getHeader("Prefer");
		boolean lenient = prefer != null && prefer.replace(" ", "").contains("handling=lenient");
		return parser.parse(type, request.getParameters(), lenient, request.getFhirServerBase());
	}

	SearchSpec parse(String type, Map<String, String[]> query) {
		return parser.parse(type, query, false);
	}

	IBundleProvider run(SearchSpec spec) {
		return new SearchResults(spec, engine.search(spec), services);
	}

	/** A search's results, or the page at {@code _offset} when the request names one. */
	IBundleProvider run(SearchSpec spec, RequestDetails request) {
		return OffsetPage.of(run(spec), request, paging, false);
	}

	/** The page of history a request asks for: HAPI pages history by {@code _offset}. */
	IBundleProvider history(String type, String id, Date since, RequestDetails request) {
		if (id != null && store.head(type, id).isEmpty()) {
			throw new ResourceNotFoundException(new IdType(type, id));
		}
		return OffsetPage.of(new HistoryResults(type, id, since, store, codec, fhirContext), request, paging, true);
	}
}
