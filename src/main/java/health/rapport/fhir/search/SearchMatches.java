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
 */
public record SearchMatches(List<Long> pks, Map<Long, Double> distancesKm, boolean complete) {}
