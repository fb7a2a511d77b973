package health.rapport.matching;

import java.util.List;
import java.util.Map;

/**
 * One page of a directory search.
 *
 * @param total how many roles match the whole query
 * @param facets for each facet, each value's count among those roles (values with none left out)
 */
public record DirectoryPage(long total, List<Hit> hits, Map<DirectoryFacet, Map<String, Long>> facets) {

	/** A role found, and how far its nearest site is from the query's place (null without one). */
	public record Hit(ProviderProfile provider, Double kilometres) {

		public static Hit of(ProviderProfile p, GeoPoint near) {
			if (near == null || p.sites().isEmpty()) {
				return new Hit(p, null);
			}
			return new Hit(p, p.kilometresFrom(near));
		}
	}
}
