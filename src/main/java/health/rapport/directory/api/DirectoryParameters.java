package health.rapport.directory.api;

import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.DirectoryQuery.InvalidDirectoryQuery;
import health.rapport.matching.DirectorySort;
import health.rapport.matching.GeoPoint;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the query parameters of a search (the API's and the site's, which are the same) into a
 * {@link DirectoryQuery}; a parameter that cannot be read is an {@link InvalidDirectoryQuery}
 * naming it.
 */
public final class DirectoryParameters {

	private DirectoryParameters() {}

	/** The search parameters as they arrive; null or empty where not given. */
	public record Raw(String q, List<String> profession, List<String> modality, List<String> population, List<String> format,
			List<String> language, List<String> jurisdiction, List<String> delivery, Boolean telehealth, Boolean accepting,
			BigDecimal maxFee, Boolean slidingScale, String near, Double radius, String sort, Integer offset, Integer limit) {}

	public static DirectoryQuery toQuery(Raw raw) {
		Set<String> delivery = set(raw.delivery());
		if (Boolean.TRUE.equals(raw.telehealth())) {
			delivery.add(DirectoryFacet.VIDEO);
		}
		return new DirectoryQuery(raw.q(), set(raw.profession()), set(raw.modality()), set(raw.population()), set(raw.format()),
				set(raw.language()), set(raw.jurisdiction()), delivery, Boolean.TRUE.equals(raw.accepting()), raw.maxFee(),
				Boolean.TRUE.equals(raw.slidingScale()), near(raw.near()),
				raw.radius(), sort(raw.sort()), raw.offset() == null ? 0 : raw.offset(), raw.limit() == null ? 20 : raw.limit());
	}

	/** "lat,lon" in degrees. */
	public static GeoPoint near(String near) {
		if (near == null || near.isBlank()) {
			return null;
		}
		String[] parts = near.split(",");
		try {
			if (parts.length == 2) {
				double lat = Double.parseDouble(parts[0].strip());
				double lon = Double.parseDouble(parts[1].strip());
				if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
					return new GeoPoint(lat, lon);
				}
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		throw new InvalidDirectoryQuery("near", "must be latitude,longitude in degrees, e.g. 34.05,-118.24");
	}

	static DirectorySort sort(String sort) {
		if (sort == null || sort.isBlank()) {
			return DirectorySort.RELEVANCE;
		}
		try {
			return DirectorySort.valueOf(sort.strip().toUpperCase(Locale.ROOT));
		} catch (IllegalArgumentException e) {
			throw new InvalidDirectoryQuery("sort", "must be relevance, distance or wait");
		}
	}

	/** Blank values dropped (an empty select box sends one). */
	private static Set<String> set(Collection<String> values) {
		Set<String> set = new LinkedHashSet<>();
		if (values != null) {
			values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).forEach(set::add);
		}
		return set;
	}
}
