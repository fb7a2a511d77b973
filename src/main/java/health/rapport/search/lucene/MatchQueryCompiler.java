package health.rapport.search.lucene;

import static health.rapport.search.lucene.ProviderDocuments.*;

import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Compiles a {@link MatchRequest} into one Lucene query: {@link health.rapport.matching.MatchScorer}'s
 * hard filters as filter clauses, and each criterion as constant-score clauses boosted by its
 * weight (a disjunction-max where a criterion has levels), with Lucene's distance-feature
 * queries for the distance and wait decays. The score is the scorer's weighted sum, in float.
 */
final class MatchQueryCompiler {

	private static final double[] PROFICIENCIES = {MatchScorer.EXCELLENT, MatchScorer.GOOD, MatchScorer.SOME};

	/**
	 * Lucene quantises indexed coordinates (to under a centimetre), so its distance filter can put a site that is
	 * just inside the radius outside it. The filter reaches a metre further; {@link LuceneProviderIndex#match}
	 * re-checks every candidate with the scorer's exact haversine, which drops the few extra roles.
	 */
	private static final double RADIUS_SLACK_METRES = 1;

	private final MatchWeights weights;

	MatchQueryCompiler(MatchWeights weights) {
		this.weights = weights;
	}

	Query compile(MatchRequest r) {
		BooleanQuery.Builder query = new BooleanQuery.Builder();
		filters(r).forEach(f -> query.add(f, Occur.FILTER));
		scores(r).forEach(s -> query.add(s, Occur.SHOULD));
		return query.build();
	}

	private List<Query> filters(MatchRequest r) {
		List<Query> filters = new ArrayList<>();
		filters.add(term(ELIGIBLE, YES));
		if (r.population() != null) {
			filters.add(term(POPULATION, r.population()));
		}
		if (r.format() != null) {
			filters.add(term(FORMAT, r.format()));
		}
		if (r.prescriberNeeded()) {
			filters.add(term(PRESCRIBER, YES));
		}
		if (!r.professions().isEmpty()) {
			filters.add(anyOf(PROFESSION, r.professions()));
		}
		if (MatchScorer.languageRequired(r)) {
			filters.add(anyOf(LANGUAGE, r.languages()));
		}
		BooleanQuery.Builder delivery = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
		if (r.delivery().allowsInPerson()) {
			delivery.add(inPerson(r), Occur.SHOULD);
		}
		if (r.delivery().allowsVirtual()) {
			delivery.add(virtual(r), Occur.SHOULD);
		}
		filters.add(delivery.build());
		return filters;
	}

	private Query inPerson(MatchRequest r) {
		BooleanQuery.Builder q = new BooleanQuery.Builder()
				.add(term(IN_PERSON, YES), Occur.FILTER)
				.add(term(PRACTISE_IN, r.jurisdiction()), Occur.FILTER);
		if (r.location() != null) {
			q.add(LatLonPoint.newDistanceQuery(SITE, r.location().lat(), r.location().lon(),
					r.radiusKm() * 1000 + RADIUS_SLACK_METRES), Occur.FILTER);
		}
		return q.build();
	}

	private static Query virtual(MatchRequest r) {
		return new BooleanQuery.Builder().add(term(VIRTUAL, YES), Occur.FILTER)
				.add(term(TELEHEALTH_IN, r.jurisdiction()), Occur.FILTER).build();
	}

	private List<Query> scores(MatchRequest r) {
		List<Query> scores = new ArrayList<>();
		if (!r.modalities().isEmpty()) {
			scores.add(max(constant(anyOf(MODALITY, r.modalities()), weights.modality()),
					constant(anyOf(MODALITY_FAMILY, r.modalityFamilies()), weights.modality() * MatchScorer.SAME_FAMILY)));
		}
		if (!r.conditionModalities().isEmpty()) {
			scores.add(constant(anyOf(MODALITY, r.conditionModalities()), weights.condition()));
		}
		if (r.population() != null) {
			scores.add(constant(term(POPULATION_SPECIALIST, r.population()), weights.population() * (1 - MatchScorer.GENERALIST)));
		}
		if (!r.languages().isEmpty()) {
			scores.add(language(r));
		}
		if (r.hasPlace()) {
			Query near = new BooleanQuery.Builder()
					.add(LatLonPoint.newDistanceFeatureQuery(SITE, (float) weights.distance(), r.location().lat(),
							r.location().lon(), weights.distancePivotKm() * 1000), Occur.MUST)
					.add(inPerson(r), Occur.FILTER).build();
			Query videoInstead = new BooleanQuery.Builder().add(virtual(r), Occur.FILTER).add(inPerson(r), Occur.MUST_NOT).build();
			scores.add(max(near, constant(videoInstead, weights.distance() * MatchScorer.VIRTUAL_INSTEAD)));
		}
		double waitWeight = weights.waitTime() * (r.urgent() ? weights.urgentWaitFactor() : 1);
		scores.add(LongField.newDistanceFeatureQuery(WAIT, (float) waitWeight, 0, Math.max(1, Math.round(weights.waitPivotDays()))));
		String j = r.jurisdiction();
		Query compactOnly = new BooleanQuery.Builder().add(term(TELEHEALTH_IN, j), Occur.FILTER)
				.add(term(PRACTISE_IN, j), Occur.MUST_NOT).build();
		// Every eligible role may practise in j one way or the other: the lowest level is in the baseline.
		double floor = MatchScorer.UNREGISTERED_UNREGULATED;
		scores.add(max(constant(term(REGISTERED, j), weights.registration() * (1 - floor)),
				constant(term(REGISTERED_WITH_CONDITIONS, j), weights.registration() * (MatchScorer.WITH_CONDITIONS - floor)),
				constant(compactOnly, weights.registration() * (MatchScorer.UNDER_COMPACT - floor))));
		if (r.preferredGender() != null) {
			scores.add(constant(term(GENDER, r.preferredGender()), weights.gender()));
		}
		return scores;
	}

	private Query language(MatchRequest r) {
		List<Query> levels = new ArrayList<>();
		for (int i = 0; i < r.languages().size(); i++) {
			double rank = Math.max(0, 1 - MatchScorer.LANGUAGE_RANK_STEP * i);
			for (double proficiency : PROFICIENCIES) {
				double level = proficiency * rank - languageFloor(r);
				if (level > 0) {
					levels.add(constant(term(languageField(proficiency), r.languages().get(i)), weights.language() * level));
				}
			}
		}
		return new DisjunctionMaxQuery(levels, 0);
	}

	/**
	 * The part of every eligible role's score that the query leaves out: the floors of the
	 * criteria every candidate gets at least (a generalist's population score, a language through
	 * an interpreter, the lowest right to practise). Left out, no clause has to visit every
	 * candidate, so Lucene can skip the ones that cannot make the top; the ranking is unchanged.
	 */
	double baseline(MatchRequest r) {
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

	private static Query max(Query... levels) {
		return new DisjunctionMaxQuery(List.of(levels), 0);
	}

	private static Query constant(Query query, double boost) {
		return new BoostQuery(new ConstantScoreQuery(query), (float) Math.max(boost, 1e-6));
	}

	private static Query term(String field, String value) {
		return new TermQuery(new Term(field, value));
	}

	private static Query anyOf(String field, Collection<String> values) {
		return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
	}
}
