package health.rapport.fhir.search;

import java.util.List;
import java.util.Map;

/**
 * The keys of the resources a search matched, in result order, taken once when the search ran
 * so that paging through them neither repeats nor skips a resource.
 *
 * @param complete false when the search matched more than the snapshot holds; later pages are
 *     then read with an offset query
 * @param distancesKm for a {@code near} search, each match's distance from the point
 * @param total how many resources matched in all, or {@link #UNCOUNTED}
 */
public record SearchMatches(List<Long> pks, Map<Long, Double> distancesKm, boolean complete, long total) {

	/** Total unknown until counted: {@code total} is -1. */
	public static final long UNCOUNTED = -1;
}
