package health.rapport.search;

import health.rapport.matching.GeoPoint;
import java.util.Collection;
import java.util.List;

/**
 * One clause of a compiled match query, in terms both engines have: Lucene and Elasticsearch
 * each translate these few shapes one to one (term and terms queries, bool, constant score,
 * disjunction max, distance features), so the query is written once, in {@link MatchQueryPlan}.
 */
public sealed interface Clause {

	/** The field holds the value. */
	record Term(String field, String value) implements Clause {}

	/** The field holds one of the values. */
	record AnyOf(String field, Collection<String> values) implements Clause {}

	/** The numeric field holds a value of at most {@code max}; a document without the field does not match. */
	record AtMost(String field, long max) implements Clause {}

	/** Every clause of {@code all} matches and none of {@code none} (no score). */
	record AllOf(List<Clause> all, List<Clause> none) implements Clause {}

	/** At least one of the clauses matches (no score). */
	record OneOf(List<Clause> any) implements Clause {}

	/** A site of the document lies within {@code metres} of the point. */
	record WithinRadius(String field, GeoPoint point, double metres) implements Clause {}

	/** Scores {@code boost} when the clause matches. */
	record Constant(Clause clause, double boost) implements Clause {
		public Constant {
			// Engines refuse a zero boost; a negligible one ranks the same.
			boost = Math.max(boost, 1e-6);
		}
	}

	/** The best score among the clauses (a criterion with levels). */
	record Max(List<Clause> levels) implements Clause {}

	/** The score of {@code scoring}, only where {@code filter} matches. */
	record Where(Clause scoring, Clause filter) implements Clause {}

	/** {@code weight * pivot / (pivot + distance)} from the point to the nearest site. */
	record NearSite(String field, GeoPoint point, double pivotMetres, double weight) implements Clause {}

	/** {@code weight * pivot / (pivot + days)}: the shorter the wait, the higher. */
	record ShortWait(String field, long pivotDays, double weight) implements Clause {}

	/** A whole query: filters (eligibility) and the score clauses summed. */
	record Query(List<Clause> filters, List<Clause> scores) {}
}
