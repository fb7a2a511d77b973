package health.rapport.matching;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a directory search counts its results by, and the values one profile has for each: the
 * single definition the index adapters' keyword fields and the reference in the tests follow.
 */
public enum DirectoryFacet {
	/** NUCC codes as stated and the broader professions they belong to. */
	PROFESSION,
	MODALITY,
	POPULATION,
	FORMAT,
	LANGUAGE,
	/** Where the role may see clients, in person or by video. */
	JURISDICTION,
	/** {@code in-person} and/or {@code video}. */
	DELIVERY,
	/** {@code yes} when the role is taking new clients. */
	ACCEPTING,
	/**
	 * Fee bands, cumulative as the maximum-fee filter is: {@code up-to-100}, {@code up-to-150} and
	 * {@code up-to-200} for every band the fee is within, {@code over-200} above them; none without a fee.
	 */
	FEE,
	/** {@code yes} when the role offers a sliding scale. */
	SLIDING_SCALE;

	public static final String IN_PERSON = "in-person";
	public static final String VIDEO = "video";
	public static final String YES = "yes";
	/** The limits of the fee bands, in each role's own currency. */
	public static final List<Integer> FEE_BANDS = List.of(100, 150, 200);

	/** The facet's name in the API and the site: lower case, words joined by a hyphen. */
	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	/** The fee band value for "up to {@code limit}". */
	public static String feeBand(int limit) {
		return "up-to-" + limit;
	}

	/** The fee band value above every limit. */
	public static String feeAboveBands() {
		return "over-" + FEE_BANDS.get(FEE_BANDS.size() - 1);
	}

	/** The values of this facet for {@code p}, each counted once. */
	public Set<String> valuesOf(ProviderProfile p) {
		Set<String> values = new TreeSet<>();
		switch (this) {
			case PROFESSION -> {
				values.addAll(p.professions());
				values.addAll(p.professionFamilies());
			}
			case MODALITY -> values.addAll(p.modalities());
			case POPULATION -> values.addAll(p.populations());
			case FORMAT -> values.addAll(p.formats());
			case LANGUAGE -> values.addAll(p.languages().keySet());
			case JURISDICTION -> {
				values.addAll(p.practiseIn());
				values.addAll(p.telehealthIn());
			}
			case DELIVERY -> {
				if (p.inPerson()) {
					values.add(IN_PERSON);
				}
				if (p.virtual()) {
					values.add(VIDEO);
				}
			}
			case ACCEPTING -> {
				if (p.acceptingNewClients()) {
					values.add(YES);
				}
			}
			case FEE -> {
				if (p.fee() != null) {
					FEE_BANDS.stream().filter(limit -> p.fee().atMost(BigDecimal.valueOf(limit))).map(DirectoryFacet::feeBand)
							.forEach(values::add);
					if (values.isEmpty()) {
						values.add(feeAboveBands());
					}
				}
			}
			case SLIDING_SCALE -> {
				if (p.slidingScale()) {
					values.add(YES);
				}
			}
		}
		return values;
	}
}
