package health.rapport.fhir.server;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import health.rapport.fhir.search.SearchEngine;
import health.rapport.fhir.search.SearchMatches;
import health.rapport.fhir.search.SearchSpec;
import health.rapport.fhir.store.ResourceStore;
import health.rapport.fhir.store.StoredVersion;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The results of one search, held by HAPI's paging provider between pages. Matches are a
 * snapshot of keys taken when the search ran; each page loads its resources and includes.
 */
final class SearchResults extends PagedResults {

	/** User-data key under which a {@code near} search leaves each Location's distance in km. */
	static final String DISTANCE_KM = "rapport.distanceKm";

	private final SearchSpec spec;
	private final SearchMatches matches;
	private final SearchServices services;
	private Integer size;

	SearchResults(SearchSpec spec, SearchMatches matches, SearchServices services) {
		this.spec = spec;
		this.matches = matches;
		this.services = services;
	}

	/** What a page needs to load its resources; one instance per server. */
	record SearchServices(SearchEngine engine, ResourceStore store, ResourceCodec codec, IncludeLoader includes) {}

	@Override
	public List<IBaseResource> getResources(int from, int to) {
		List<Long> pks = keys(from, to);
		List<StoredVersion> page = services.store().currentOf(pks);
		List<IBaseResource> resources = new ArrayList<>();
		for (StoredVersion v : page) {
			IBaseResource resource = services.codec().decode(v);
			ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.MATCH);
			Double km = matches.distancesKm().get(v.pk());
			if (km != null) {
				resource.setUserData(DISTANCE_KM, km);
			}
			resources.add(resource);
		}
		for (StoredVersion v : services.includes().load(spec, page)) {
			IBaseResource resource = services.codec().decode(v);
			ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.INCLUDE);
			resources.add(resource);
		}
		return resources;
	}

	private List<Long> keys(int from, int to) {
		List<Long> keys = matches.slice(from, to);
		if (!matches.complete() && to > matches.size()) {
			int start = Math.max(from, matches.size());
			keys.addAll(services.engine().page(spec, start, to - start));
		}
		return keys;
	}

	@Override
	public Integer size() {
		if (size == null) {
			size = Math.toIntExact(matches.total() != SearchMatches.UNCOUNTED ? matches.total() : services.engine().count(spec));
		}
		return size;
	}
}
