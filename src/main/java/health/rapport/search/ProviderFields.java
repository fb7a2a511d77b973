package health.rapport.search;

import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.Registration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an index stores of a {@link ProviderProfile}, whatever the engine: keyword fields for the
 * filters and levels of {@link MatchQueryPlan}, the sites for distance and the wait for its decay.
 * Both adapters build their documents from this one flattening, so a plan means the same on both.
 */
public final class ProviderFields {

	public static final String ID = "id";
	public static final String PROFILE = "profile";
	public static final String ELIGIBLE = "eligible";
	public static final String POPULATION = "population";
	public static final String POPULATION_SPECIALIST = "population_specialist";
	public static final String FORMAT = "format";
	public static final String PRESCRIBER = "prescriber";
	public static final String PROFESSION = "profession";
	public static final String MODALITY = "modality";
	public static final String MODALITY_FAMILY = "modality_family";
	public static final String LANGUAGE = "language";
	public static final String IN_PERSON = "in_person";
	public static final String VIRTUAL = "virtual";
	public static final String PRACTISE_IN = "practise_in";
	public static final String TELEHEALTH_IN = "telehealth_in";
	public static final String REGISTERED = "registered";
	public static final String REGISTERED_WITH_CONDITIONS = "registered_with_conditions";
	public static final String GENDER = "gender";
	public static final String SITE = "site";
	public static final String WAIT = "wait";
	public static final String YES = "T";
	/** Directory search: active roles, the words of the name, and the facets that have no field above. */
	public static final String ACTIVE = "active";
	public static final String NAME_WORD = "name_word";
	public static final String JURISDICTION = "jurisdiction";
	public static final String DELIVERY = "delivery";
	public static final String ACCEPTING = "accepting";
	public static final String FEE_BAND = "fee_band";
	public static final String SLIDING_SCALE = "sliding_scale";
	/** The stated fee in cents, rounded up (absent when none is stated), for the maximum-fee filter. */
	public static final String FEE_CENTS = "fee_cents";
	/** The stated wait (absent when none is stated), for the directory's shortest-wait order. */
	public static final String WAIT_DAYS = "wait_days";
	/** Proficiency buckets the projection produces (excellent, good, some), best first. */
	public static final double[] PROFICIENCIES = {MatchScorer.EXCELLENT, MatchScorer.GOOD, MatchScorer.SOME};

	private ProviderFields() {}

	/** The language field holding a proficiency bucket, e.g. "language_1.0". */
	public static String languageField(double proficiency) {
		return LANGUAGE + "_" + proficiency;
	}

	/** Every keyword field of the profile with its values (the id excepted). */
	public static Map<String, List<String>> keywords(ProviderProfile p) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		if (p.active() && p.acceptingNewClients()) {
			add(fields, ELIGIBLE, YES);
		}
		p.populations().forEach(v -> add(fields, POPULATION, v));
		// A role serving one or two age bands is a specialist for them; more is a generalist.
		if (p.populations().size() <= 2) {
			p.populations().forEach(v -> add(fields, POPULATION_SPECIALIST, v));
		}
		p.formats().forEach(v -> add(fields, FORMAT, v));
		if (p.prescriber()) {
			add(fields, PRESCRIBER, YES);
		}
		p.professions().forEach(v -> add(fields, PROFESSION, v));
		p.professionFamilies().forEach(v -> add(fields, PROFESSION, v));
		p.modalities().forEach(v -> add(fields, MODALITY, v));
		p.modalityFamilies().forEach(v -> add(fields, MODALITY_FAMILY, v));
		for (Map.Entry<String, Double> language : p.languages().entrySet()) {
			add(fields, LANGUAGE, language.getKey());
			add(fields, languageField(language.getValue()), language.getKey());
		}
		if (p.inPerson()) {
			add(fields, IN_PERSON, YES);
		}
		if (p.virtual()) {
			add(fields, VIRTUAL, YES);
		}
		p.practiseIn().forEach(v -> add(fields, PRACTISE_IN, v));
		p.telehealthIn().forEach(v -> add(fields, TELEHEALTH_IN, v));
		for (Registration r : p.registrations()) {
			if (r.mayPractise()) {
				add(fields, r.withConditions() ? REGISTERED_WITH_CONDITIONS : REGISTERED, r.jurisdiction());
			}
		}
		if (p.gender() != null) {
			add(fields, GENDER, p.gender());
		}
		if (p.active()) {
			add(fields, ACTIVE, YES);
		}
		DirectoryQuery.words(p.name()).forEach(w -> add(fields, NAME_WORD, w));
		for (DirectoryFacet facet : List.of(DirectoryFacet.JURISDICTION, DirectoryFacet.DELIVERY, DirectoryFacet.ACCEPTING,
				DirectoryFacet.FEE, DirectoryFacet.SLIDING_SCALE)) {
			facet.valuesOf(p).forEach(v -> add(fields, facetField(facet), v));
		}
		return fields;
	}

	/** Every keyword field name a document may carry, for an explicit mapping. */
	public static List<String> keywordFieldNames() {
		List<String> names = new ArrayList<>(List.of(ELIGIBLE, POPULATION, POPULATION_SPECIALIST, FORMAT, PRESCRIBER, PROFESSION,
				MODALITY, MODALITY_FAMILY, LANGUAGE, IN_PERSON, VIRTUAL, PRACTISE_IN, TELEHEALTH_IN, REGISTERED,
				REGISTERED_WITH_CONDITIONS, GENDER, ACTIVE, NAME_WORD, JURISDICTION, DELIVERY, ACCEPTING, FEE_BAND, SLIDING_SCALE));
		for (double proficiency : PROFICIENCIES) {
			names.add(languageField(proficiency));
		}
		return names;
	}

	/**
	 * The keyword field whose values are a facet's values ({@link DirectoryFacet#valuesOf}): the
	 * profession field holds the families too, the modality field the codes only.
	 */
	public static String facetField(DirectoryFacet facet) {
		return switch (facet) {
			case PROFESSION -> PROFESSION;
			case MODALITY -> MODALITY;
			case POPULATION -> POPULATION;
			case FORMAT -> FORMAT;
			case LANGUAGE -> LANGUAGE;
			case JURISDICTION -> JURISDICTION;
			case DELIVERY -> DELIVERY;
			case ACCEPTING -> ACCEPTING;
			case FEE -> FEE_BAND;
			case SLIDING_SCALE -> SLIDING_SCALE;
		};
	}

	/** The wait the decay scores: an unknown wait counts as the configured default. */
	public static long waitDays(ProviderProfile p, MatchWeights weights) {
		return p.waitDays() == null ? weights.unknownWaitDays() : p.waitDays();
	}

	private static void add(Map<String, List<String>> fields, String field, String value) {
		fields.computeIfAbsent(field, f -> new ArrayList<>(2)).add(value);
	}
}
