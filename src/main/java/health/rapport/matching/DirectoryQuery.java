package health.rapport.matching;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A public directory search: every filter narrows (values within one filter are alternatives),
 * only active roles are found. Validates itself: an invalid query names the parameter and why.
 *
 * @param text words of a practitioner's name; a role matches when its name has at least one of them
 * @param professions NUCC codes; a broader profession finds its specialisations
 * @param modalities modality codes or family codes (a family finds all its members)
 * @param jurisdictions where the role may see clients (in person or by video)
 * @param delivery {@link DirectoryFacet#IN_PERSON} and/or {@link DirectoryFacet#VIDEO}
 * @param acceptingOnly only roles taking new clients
 * @param maxFee only roles whose stated fee is at most this (to the cent, in each role's own
 *     currency, never converted); roles that state no fee are left out. Null for no limit
 * @param slidingScaleOnly only roles that offer a sliding scale
 * @param near where distances are measured from; required by a radius or the distance sort
 * @param radiusKm only roles with a site this close to {@code near}; null for no limit
 */
public record DirectoryQuery(
		String text,
		Set<String> professions,
		Set<String> modalities,
		Set<String> populations,
		Set<String> formats,
		Set<String> languages,
		Set<String> jurisdictions,
		Set<String> delivery,
		boolean acceptingOnly,
		BigDecimal maxFee,
		boolean slidingScaleOnly,
		GeoPoint near,
		Double radiusKm,
		DirectorySort sort,
		int offset,
		int limit) {

	public static final int MAX_LIMIT = 100;
	/** Deep paging is refused: Elasticsearch's default result window. */
	public static final int MAX_WINDOW = 10_000;
	/** Words of a text search: enough for any name; each costs the index a postings read per segment. */
	public static final int MAX_WORDS = 32;
	private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

	public DirectoryQuery {
		text = text == null || text.isBlank() ? null : text.strip();
		professions = Set.copyOf(professions);
		modalities = Set.copyOf(modalities);
		populations = Set.copyOf(populations);
		formats = Set.copyOf(formats);
		languages = Set.copyOf(languages);
		jurisdictions = Set.copyOf(jurisdictions);
		delivery = Set.copyOf(delivery);
		sort = sort == null ? DirectorySort.RELEVANCE : sort;
		require(words(text).size() <= MAX_WORDS, "q", "must have at most " + MAX_WORDS + " different words");
		require(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
		require(offset >= 0, "offset", "must not be negative");
		require((long) offset + limit <= MAX_WINDOW, "offset", "offset + limit must not exceed " + MAX_WINDOW);
		require(maxFee == null || (maxFee.signum() >= 0 && maxFee.compareTo(Fee.MAX) <= 0), "maxFee",
				"must be between 0 and " + Fee.MAX);
		require(radiusKm == null || near != null, "radius", "needs a place to measure from (near)");
		require(radiusKm == null || (radiusKm > 0 && radiusKm <= 20_000), "radius", "must be between 0 and 20000 km");
		require(sort != DirectorySort.DISTANCE || near != null, "sort", "distance needs a place to measure from (near)");
		require(delivery.stream().allMatch(d -> d.equals(DirectoryFacet.IN_PERSON) || d.equals(DirectoryFacet.VIDEO)),
				"delivery", "must be in-person or video");
	}

	/** Everything active, by role id, the first page. */
	public static DirectoryQuery all(int limit) {
		return new DirectoryQuery(null, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false, null, false, null,
				null, DirectorySort.RELEVANCE, 0, limit);
	}

	/** The words a name or a text is searched by: lower case, without accents, letters and digits only. */
	public static List<String> words(String text) {
		if (text == null) {
			return List.of();
		}
		String plain = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
		return NON_WORD.splitAsStream(plain.toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).distinct().toList();
	}

	private static void require(boolean valid, String parameter, String why) {
		if (!valid) {
			throw new InvalidDirectoryQuery(parameter, why);
		}
	}

	/** A query parameter that cannot be searched by, and why. */
	public static final class InvalidDirectoryQuery extends IllegalArgumentException {

		private final String parameter;

		public InvalidDirectoryQuery(String parameter, String why) {
			super(parameter + ": " + why);
			this.parameter = parameter;
		}

		public String parameter() {
			return parameter;
		}
	}
}
