package health.rapport.fhir.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * New resources written in the current transaction and not yet sent to the database: they go
 * as one JDBC batch per table when the transaction commits or before anything reads.
 */
final class PendingWrites {

	/** A new resource's first version and search rows; {@code byPut} when an update created it. */
	record NewResource(long pk, String type, String id, long lastUpdated, String json, List<SearchRow> rows, boolean byPut) {}

	private final Map<String, NewResource> byTypeAndId = new LinkedHashMap<>();

	void add(NewResource resource) {
		byTypeAndId.put(resource.type() + "/" + resource.id(), resource);
	}

	NewResource find(String type, String id) {
		return byTypeAndId.get(type + "/" + id);
	}

	boolean isEmpty() {
		return byTypeAndId.isEmpty();
	}

	List<NewResource> drain() {
		List<NewResource> all = new ArrayList<>(byTypeAndId.values());
		byTypeAndId.clear();
		return all;
	}
}
