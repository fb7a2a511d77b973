package health.rapport.matching;

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
	ACCEPTING;

	public static final String IN_PERSON = "in-person";
	public static final String VIDEO = "video";
	public static final String YES = "yes";

	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
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
		}
		return values;
	}
}
