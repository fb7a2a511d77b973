package health.rapport.search.elasticsearch;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.GeoLocation;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import health.rapport.search.Clause;
import health.rapport.search.Clause.AllOf;
import health.rapport.search.Clause.AnyOf;
import health.rapport.search.Clause.AtMost;
import health.rapport.search.Clause.Constant;
import health.rapport.search.Clause.Max;
import health.rapport.search.Clause.NearSite;
import health.rapport.search.Clause.OneOf;
import health.rapport.search.Clause.ShortWait;
import health.rapport.search.Clause.Term;
import health.rapport.search.Clause.Where;
import health.rapport.search.Clause.WithinRadius;
import health.rapport.matching.GeoPoint;
import java.util.List;

/**
 * Translates a {@link health.rapport.search.MatchQueryPlan} query into the query DSL, clause for
 * clause, with nothing a bare Elasticsearch lacks (no scripts): term/terms, range, bool, constant_score,
 * dis_max, geo_distance and distance_feature (on the sites' geo_point and on the wait, indexed as a
 * date that many days after the epoch, so that its decay is Lucene's {@code pivot / (pivot + days)}).
 */
final class ElasticsearchQueries {

	private ElasticsearchQueries() {}

	static Query of(Clause.Query query) {
		return Query.of(q -> q.bool(b -> b.filter(all(query.filters())).should(all(query.scores()))));
	}

	static Query of(Clause clause) {
		if (clause instanceof Term t) {
			return Query.of(q -> q.term(term -> term.field(t.field()).value(t.value())));
		} else if (clause instanceof AnyOf a) {
			List<FieldValue> values = a.values().stream().map(FieldValue::of).toList();
			return Query.of(q -> q.terms(terms -> terms.field(a.field()).terms(v -> v.value(values))));
		} else if (clause instanceof AtMost m) {
			return Query.of(q -> q.range(r -> r.number(n -> n.field(m.field()).lte((double) m.max()))));
		} else if (clause instanceof AllOf a) {
			return Query.of(q -> q.bool(b -> b.filter(all(a.all())).mustNot(all(a.none()))));
		} else if (clause instanceof OneOf o) {
			return Query.of(q -> q.bool(b -> b.should(all(o.any())).minimumShouldMatch("1")));
		} else if (clause instanceof WithinRadius w) {
			return Query.of(q -> q.geoDistance(g -> g.field(w.field()).distance(w.metres() + "m").location(location(w.point()))));
		} else if (clause instanceof Constant c) {
			return Query.of(q -> q.constantScore(s -> s.filter(of(c.clause())).boost((float) c.boost())));
		} else if (clause instanceof Max m) {
			return Query.of(q -> q.disMax(d -> d.queries(all(m.levels())).tieBreaker(0.0)));
		} else if (clause instanceof Where w) {
			return Query.of(q -> q.bool(b -> b.must(of(w.scoring())).filter(of(w.filter()))));
		} else if (clause instanceof NearSite n) {
			return Query.of(q -> q.distanceFeature(d -> d.geo(g -> g.field(n.field()).origin(location(n.point()))
					.pivot(n.pivotMetres() + "m").boost((float) n.weight()))));
		} else if (clause instanceof ShortWait w) {
			return Query.of(q -> q.distanceFeature(d -> d.date(g -> g.field(w.field()).origin("0")
					.pivot(Time.of(t -> t.time(w.pivotDays() + "d"))).boost((float) w.weight()))));
		}
		throw new IllegalArgumentException("Unknown clause " + clause);
	}

	private static List<Query> all(List<Clause> clauses) {
		return clauses.stream().map(ElasticsearchQueries::of).toList();
	}

	private static GeoLocation location(GeoPoint point) {
		return GeoLocation.of(l -> l.latlon(ll -> ll.lat(point.lat()).lon(point.lon())));
	}
}
