package health.rapport.search;

import static health.rapport.search.ProviderFields.*;

import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.search.Clause.AllOf;
import health.rapport.search.Clause.AnyOf;
import health.rapport.search.Clause.Constant;
import health.rapport.search.Clause.Max;
import health.rapport.search.Clause.NearSite;
import health.rapport.search.Clause.OneOf;
import health.rapport.search.Clause.ShortWait;
import health.rapport.search.Clause.Term;
import health.rapport.search.Clause.Where;
import health.rapport.search.Clause.WithinRadius;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link MatchRequest} into one engine-neutral query: {@link MatchScorer}'s hard
 * filters as filter clauses, and each criterion as constant-score clauses boosted by its weight
 * (a disjunction-max where a criterion has levels), with distance features for the distance and
 * wait decays. The score is the scorer's weighted sum less {@link #baseline}, in float; each
 * adapter then re-scores the top of that ranking with the scorer itself.
 */
public final class MatchQueryPlan {

	/**
	 * Indexes quantise coordinates (to under a centimetre), so the distance filter can put a site
	 * that is just inside the radius outside it. The filter reaches a metre further; the adapters
	 * re-check every candidate with the scorer's exact haversine, which drops the few extra roles.
	 */
	private static final double RADIUS_SLACK_METRES = 1;

	private final MatchWeights weights;

	public MatchQueryPlan(MatchWeights weights) {
		this.weights = weights;
	}

	public Clause.Query compile(MatchRequest r) {
		return new Clause.Query(filters(r), scores(r));
	}

	private List<Clause> filters(MatchRequest r) {
		List<Clause> filters = new ArrayList<>();
		filters.add(new Term(ELIGIBLE, YES));
		if (r.population() != null) {
			filters.add(new Term(POPULATION, r.population()));
		}
		if (r.format() != null) {
			filters.add(new Term(FORMAT, r.format()));
		}
		if (r.prescriberNeeded()) {
			filters.add(new Term(PRESCRIBER, YES));
		}
		if (!r.professions().isEmpty()) {
			filters.add(new AnyOf(PROFESSION, r.professions()));
		}
		if (MatchScorer.languageRequired(r)) {
			filters.add(new AnyOf(LANGUAGE, r.languages()));
		}
		List<Clause> delivery = new ArrayList<>();
		if (r.delivery().allowsInPerson()) {
			delivery.add(inPerson(r));
		}
		if (r.delivery().allowsVirtual()) {
			delivery.add(virtual(r));
		}
		filters.add(new OneOf(delivery));
		return filters;
	}

	private static Clause inPerson(MatchRequest r) {
		List<Clause> all = new ArrayList<>(List.of(new Term(IN_PERSON, YES), new Term(PRACTISE_IN, r.jurisdiction())));
		if (r.location() != null) {
			all.add(new WithinRadius(SITE, r.location(), r.radiusKm() * 1000 + RADIUS_SLACK_METRES));
		}
		return new AllOf(all, List.of());
	}

	private static Clause virtual(MatchRequest r) {
		return new AllOf(List.of(new Term(VIRTUAL, YES), new Term(TELEHEALTH_IN, r.jurisdiction())), List.of());
	}

	private List<Clause> scores(MatchRequest r) {
		List<Clause> scores = new ArrayList<>();
		if (!r.modalities().isEmpty()) {
			scores.add(max(new Constant(new AnyOf(MODALITY, r.modalities()), weights.modality()),
					new Constant(new AnyOf(MODALITY_FAMILY, r.modalityFamilies()), weights.modality() * MatchScorer.SAME_FAMILY)));
		}
		if (!r.conditionModalities().isEmpty()) {
			scores.add(new Constant(new AnyOf(MODALITY, r.conditionModalities()), weights.condition()));
		}
		if (r.population() != null) {
			scores.add(new Constant(new Term(POPULATION_SPECIALIST, r.population()),
					weights.population() * (1 - MatchScorer.GENERALIST)));
		}
		if (!r.languages().isEmpty()) {
			scores.add(language(r));
		}
		if (r.hasPlace()) {
			Clause near = new Where(new NearSite(SITE, r.location(), weights.distancePivotKm() * 1000, weights.distance()),
					inPerson(r));
			Clause videoInstead = new AllOf(List.of(virtual(r)), List.of(inPerson(r)));
			// The two levels exclude each other (in person or not), so their sum is their maximum; as
			// two clauses, each has its own bound, and pruning can pass over the roles seen only by video.
			scores.add(near);
			scores.add(new Constant(videoInstead, weights.distance() * MatchScorer.VIRTUAL_INSTEAD));
		}
		double waitWeight = weights.waitTime() * (r.urgent() ? weights.urgentWaitFactor() : 1);
		scores.add(new ShortWait(WAIT, Math.max(1, Math.round(weights.waitPivotDays())), waitWeight));
		String j = r.jurisdiction();
		Clause compactOnly = new AllOf(List.of(new Term(TELEHEALTH_IN, j)), List.of(new Term(PRACTISE_IN, j)));
		// Every eligible role may practise in j one way or the other: the lowest level is in the baseline.
		double floor = MatchScorer.UNREGISTERED_UNREGULATED;
		scores.add(max(new Constant(new Term(REGISTERED, j), weights.registration() * (1 - floor)),
				new Constant(new Term(REGISTERED_WITH_CONDITIONS, j), weights.registration() * (MatchScorer.WITH_CONDITIONS - floor)),
				new Constant(compactOnly, weights.registration() * (MatchScorer.UNDER_COMPACT - floor))));
		if (r.preferredGender() != null) {
			scores.add(new Constant(new Term(GENDER, r.preferredGender()), weights.gender()));
		}
		return scores;
	}

	private Clause language(MatchRequest r) {
		List<Clause> levels = new ArrayList<>();
		for (int i = 0; i < r.languages().size(); i++) {
			double rank = Math.max(0, 1 - MatchScorer.LANGUAGE_RANK_STEP * i);
			for (double proficiency : PROFICIENCIES) {
				double level = proficiency * rank - languageFloor(r);
				if (level > 0) {
					levels.add(new Constant(new Term(languageField(proficiency), r.languages().get(i)), weights.language() * level));
				}
			}
		}
		return new Max(levels);
	}

	/**
	 * The part of every eligible role's score that the query leaves out: the floors of the
	 * criteria every candidate gets at least (a generalist's population score, a language through
	 * an interpreter, the lowest right to practise). Left out, no clause has to visit every
	 * candidate, so an engine can skip the ones that cannot make the top; the ranking is unchanged.
	 */
	public double baseline(MatchRequest r) {
		double baseline = weights.registration() * MatchScorer.UNREGISTERED_UNREGULATED;
		if (r.population() != null) {
			baseline += weights.population() * MatchScorer.GENERALIST;
		}
		if (!r.languages().isEmpty()) {
			baseline += weights.language() * languageFloor(r);
		}
		return baseline;
	}

	private static double languageFloor(MatchRequest r) {
		return r.interpreterNeeded() ? MatchScorer.VIA_INTERPRETER : 0;
	}

	private static Clause max(Clause... levels) {
		return new Max(List.of(levels));
	}

	/** How many candidates an adapter re-scores for {@code count} results: room for float rounding near the cut. */
	public static int pool(int count) {
		return count * 2 + 16;
	}
}
