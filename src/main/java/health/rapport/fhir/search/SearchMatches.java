package health.rapport.fhir.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keys of the resources a search matched, in result order, taken once when the search ran
 * so that paging through them neither repeats nor skips a resource. Kept as primitives: the
 * paging cache holds many of them.
 *
 * @param complete false when the search matched more than the snapshot holds; later pages are
 *     then read with an offset query
 * @param distancesKm for a {@code near} search, each match's distance from the point
 * @param total how many resources matched in all, or {@link #UNCOUNTED}
 */
public record SearchMatches(long[] pks, Map<Long, Double> distancesKm, boolean complete, long total) {

	/** Total unknown until counted: {@code total} is -1. */
	public static final long UNCOUNTED = -1;

	public int size() {
		return pks.length;
	}

	/** The keys from {@code from} (inclusive) to {@code to} (exclusive), clipped to the snapshot. */
	public List<Long> slice(int from, int to) {
		List<Long> keys = new ArrayList<>();
		for (int i = from; i < Math.min(to, pks.length); i++) {
			keys.add(pks[i]);
		}
		return keys;
	}
}
