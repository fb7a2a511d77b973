package health.rapport.search.lucene;

import health.rapport.search.Clause;
import health.rapport.search.Clause.AllOf;
import health.rapport.search.Clause.AnyOf;
import health.rapport.search.Clause.Constant;
import health.rapport.search.Clause.Max;
import health.rapport.search.Clause.NearSite;
import health.rapport.search.Clause.ShortWait;
import health.rapport.search.Clause.Term;
import health.rapport.search.Clause.Where;
import health.rapport.search.Clause.WithinRadius;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** Translates the score clauses of a compiled query into Lucene's queries, clause for clause ({@link FilterBits} evaluates the filters). */
final class LuceneQueries {

	private LuceneQueries() {}

	/** The score clauses of the query alone: a pure disjunction, which Lucene scores with max-score pruning. */
	static Query scores(Clause.Query query) {
		BooleanQuery.Builder q = new BooleanQuery.Builder();
		query.scores().forEach(s -> q.add(of(s), Occur.SHOULD));
		return q.build();
	}

	static Query of(Clause clause) {
		if (clause instanceof Term t) {
			return new TermQuery(new org.apache.lucene.index.Term(t.field(), t.value()));
		} else if (clause instanceof AnyOf a) {
			return new TermInSetQuery(a.field(), a.values().stream().map(BytesRef::new).toList());
		} else if (clause instanceof AllOf a) {
			BooleanQuery.Builder q = new BooleanQuery.Builder();
			a.all().forEach(c -> q.add(of(c), Occur.FILTER));
			a.none().forEach(c -> q.add(of(c), Occur.MUST_NOT));
			return q.build();
		} else if (clause instanceof WithinRadius w) {
			return new SitesWithin(w.field(), w.point(), w.metres());
		} else if (clause instanceof Constant c) {
			return new BoostQuery(new ConstantScoreQuery(of(c.clause())), (float) c.boost());
		} else if (clause instanceof Max m) {
			return new DisjunctionMaxQuery(m.levels().stream().map(LuceneQueries::of).toList(), 0);
		} else if (clause instanceof Where w) {
			return new BooleanQuery.Builder().add(of(w.scoring()), Occur.MUST).add(of(w.filter()), Occur.FILTER).build();
		} else if (clause instanceof NearSite n) {
			return LatLonPoint.newDistanceFeatureQuery(n.field(), (float) n.weight(), n.point().lat(), n.point().lon(),
					n.pivotMetres());
		} else if (clause instanceof ShortWait w) {
			return LongField.newDistanceFeatureQuery(w.field(), (float) w.weight(), 0, w.pivotDays());
		}
		throw new IllegalArgumentException("Unknown clause " + clause);
	}
}
