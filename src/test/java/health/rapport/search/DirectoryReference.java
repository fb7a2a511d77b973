package health.rapport.search;

import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.ProviderProfile;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a directory search must answer, written plainly over the profiles (no index, no keyword
 * fields): the contract compares both adapters with this.
 */
public final class DirectoryReference {

	private DirectoryReference() {}

	public static DirectoryPage search(List<ProviderProfile> directory, DirectoryQuery q) {
		List<ProviderProfile> found = directory.stream().filter(p -> matches(p, q)).sorted(order(q)).toList();
		Map<DirectoryFacet, Map<String, Long>> facets = new EnumMap<>(DirectoryFacet.class);
		for (DirectoryFacet facet : DirectoryFacet.values()) {
			Map<String, Long> counts = new TreeMap<>();
			found.forEach(p -> facet.valuesOf(p).forEach(v -> counts.merge(v, 1L, Long::sum)));
			facets.put(facet, counts);
		}
		List<DirectoryPage.Hit> page = found.stream().skip(q.offset()).limit(q.limit())
				.map(p -> DirectoryPage.Hit.of(p, q.near())).toList();
		return new DirectoryPage(found.size(), page, facets);
	}

	public static boolean matches(ProviderProfile p, DirectoryQuery q) {
		return p.active() && (q.text() == null || wordsFound(p, q) > 0)
				&& meets(q.professions(), union(p.professions(), p.professionFamilies()))
				&& meets(q.modalities(), union(p.modalities(), p.modalityFamilies()))
				&& meets(q.populations(), p.populations()) && meets(q.formats(), p.formats())
				&& meets(q.languages(), p.languages().keySet())
				&& meets(q.jurisdictions(), union(p.practiseIn(), p.telehealthIn()))
				&& meets(q.delivery(), DirectoryFacet.DELIVERY.valuesOf(p))
				&& (!q.acceptingOnly() || p.acceptingNewClients())
				&& (q.maxFee() == null || p.fee() != null && p.fee().atMost(q.maxFee()))
				&& (!q.slidingScaleOnly() || p.slidingScale())
				&& (q.radiusKm() == null || p.kilometresFrom(q.near()) <= q.radiusKm());
	}

	private static Comparator<ProviderProfile> order(DirectoryQuery q) {
		Comparator<ProviderProfile> first = switch (q.sort()) {
			case RELEVANCE -> Comparator.comparingInt((ProviderProfile p) -> wordsFound(p, q)).reversed();
			case DISTANCE -> Comparator.comparingDouble(p -> p.kilometresFrom(q.near()));
			case WAIT -> Comparator.comparingInt(p -> p.waitDays() == null ? Integer.MAX_VALUE : p.waitDays());
		};
		return first.thenComparing(ProviderProfile::roleId);
	}

	private static int wordsFound(ProviderProfile p, DirectoryQuery q) {
		Set<String> name = new HashSet<>(DirectoryQuery.words(p.name()));
		return (int) DirectoryQuery.words(q.text()).stream().filter(name::contains).count();
	}

	private static boolean meets(Set<String> wanted, Set<String> has) {
		return wanted.isEmpty() || !Collections.disjoint(wanted, has);
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> all = new HashSet<>(a);
		all.addAll(b);
		return all;
	}
}
