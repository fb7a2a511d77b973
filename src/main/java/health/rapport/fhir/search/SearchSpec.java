package health.rapport.fhir.search;

import java.util.List;

/**
 * A parsed search: the criteria (ANDed; each one's values ORed), sort order, includes and an
 * optional {@code near} point.
 */
public record SearchSpec(
		String resourceType,
		List<Criterion> criteria,
		List<SortKey> sort,
		List<IncludeSpec> includes,
		List<IncludeSpec> revIncludes,
		Near near) {

	/** One occurrence of a parameter: its name as sent (with modifier or chain) and its OR-values. */
	public record Criterion(String name, List<String> values) {}

	public record SortKey(String code, boolean descending) {}

	/** {@code _include=Source:param[:Target]}, or {@code Source:*}; iterate follows included resources too. */
	public record IncludeSpec(String sourceType, String param, String targetType, boolean iterate) {}

	public record Near(double lat, double lon, double distanceKm, int paramId) {}
}
