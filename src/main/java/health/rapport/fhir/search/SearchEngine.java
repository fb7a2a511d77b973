package health.rapport.fhir.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import health.rapport.fhir.conformance.CodeHierarchy;
import health.rapport.fhir.search.SearchSpec.Criterion;
import health.rapport.fhir.search.SearchSpec.Near;
import health.rapport.fhir.search.SearchSpec.SortKey;
import health.rapport.fhir.store.ResourceStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Runs a {@link SearchSpec} as SQL over the resource and search tables. */
@Component
public class SearchEngine {

	private static final double EARTH_RADIUS_KM = 6371.0088;

	private final JdbcTemplate jdbc;
	private final ResourceStore store;
	private final SearchParameterRegistry registry;
	private final CodeHierarchy hierarchy;
	private final int snapshotLimit;

	public SearchEngine(JdbcTemplate jdbc, ResourceStore store, SearchParameterRegistry registry, CodeHierarchy hierarchy,
			@Value("${rapport.fhir.search-snapshot-limit:10000}") int snapshotLimit) {
		this.jdbc = jdbc;
		this.store = store;
		this.registry = registry;
		this.hierarchy = hierarchy;
		this.snapshotLimit = snapshotLimit;
	}

	public SearchMatches search(SearchSpec spec) {
		store.flush();
		if (spec.near() != null) {
			return near(spec);
		}
		List<Sql> keyQueries = keyQueries(spec);
		if (keyQueries != null) {
			return snapshot(KeySets.intersect(keyQueries.stream().map(this::keys).toList()));
		}
		Sql query = select(spec, "r.pk").then(orderBy(spec)).then(Sql.of(" fetch first ? rows only", snapshotLimit + 1));
		long[] pks = jdbc.queryForList(query.text(), Long.class, query.args().toArray()).stream()
				.mapToLong(Long::longValue).toArray();
		boolean complete = pks.length <= snapshotLimit;
		return new SearchMatches(complete ? pks : Arrays.copyOf(pks, snapshotLimit), Map.of(), complete,
				complete ? pks.length : SearchMatches.UNCOUNTED);
	}

	/**
	 * When every criterion is a positive one on search values and the order is the default, the
	 * match is the intersection of one indexed key query per criterion: each query stays simple
	 * for the database, whatever the number of criteria.
	 */
	private List<Sql> keyQueries(SearchSpec spec) {
		if (!spec.sort().isEmpty() || spec.criteria().isEmpty()) {
			return null;
		}
		CriterionSql criteria = new CriterionSql(registry, hierarchy);
		List<Sql> queries = new ArrayList<>();
		for (Criterion c : spec.criteria()) {
			Sql keys = criteria.keys(spec.resourceType(), c.name(), c.values());
			if (keys == null) {
				return null;
			}
			queries.add(keys);
		}
		return queries;
	}

	private long[] keys(Sql query) {
		KeySets.Builder keys = new KeySets.Builder();
		jdbc.query(query.text(), rs -> {
			keys.add(rs.getLong(1));
		}, query.args().toArray());
		return keys.sortedDistinct();
	}

	private SearchMatches snapshot(long[] keys) {
		long[] pks = keys.length <= snapshotLimit ? keys : Arrays.copyOf(keys, snapshotLimit);
		return new SearchMatches(pks, Map.of(), keys.length <= snapshotLimit, keys.length);
	}

	/** A page past the snapshot of a search that matched more than it holds. */
	public List<Long> page(SearchSpec spec, int offset, int count) {
		store.flush();
		Sql query = select(spec, "r.pk").then(orderBy(spec)).then(Sql.of(" offset ? rows fetch next ? rows only", offset, count));
		return jdbc.queryForList(query.text(), Long.class, query.args().toArray());
	}

	public long count(SearchSpec spec) {
		store.flush();
		Sql query = select(spec, "count(*)");
		return jdbc.queryForObject(query.text(), Long.class, query.args().toArray());
	}

	private Sql select(SearchSpec spec, String columns) {
		return select(spec, columns, Sql.of(""), List.of());
	}

	private Sql select(SearchSpec spec, String columns, Sql join, List<Sql> extraConditions) {
		CriterionSql criteria = new CriterionSql(registry, hierarchy);
		List<Sql> where = new ArrayList<>();
		where.add(Sql.of("r.res_type = ? and r.deleted = false", spec.resourceType()));
		for (Criterion c : spec.criteria()) {
			where.add(criteria.condition("r", spec.resourceType(), c.name(), c.values()));
		}
		where.addAll(extraConditions);
		return Sql.of("select " + columns + " from fhir_resource r").then(join).then(Sql.of(" where "))
				.then(Sql.join(" and ", where));
	}

	private Sql orderBy(SearchSpec spec) {
		List<Sql> keys = new ArrayList<>();
		for (SortKey key : spec.sort()) {
			keys.add(sortKey(spec.resourceType(), key));
		}
		keys.add(Sql.of("r.pk"));
		return Sql.join(", ", keys).wrap(" order by ", "");
	}

	private Sql sortKey(String type, SortKey key) {
		String direction = key.descending() ? " desc" : " asc";
		if (key.code().equals("_lastUpdated")) {
			return Sql.of("r.last_updated" + direction);
		}
		if (key.code().equals("_id")) {
			return Sql.of("r.res_id" + direction);
		}
		SearchParam param = registry.find(type, key.code()).orElseThrow();
		String aggregate = key.descending() ? "max" : "min";
		String column = switch (param.type()) {
			case STRING -> "norm";
			case TOKEN -> "code";
			case DATE -> key.descending() ? "high" : "low";
			case NUMBER, QUANTITY -> "num";
			case URI -> "uri";
			case REFERENCE -> "target_url";
			case SPECIAL -> throw new InvalidRequestException("Cannot sort by " + key.code());
		};
		return Sql.of("(select " + aggregate + "(" + column + ") from " + CriterionSql.table(param.type())
				+ " x where x.res_pk = r.pk and x.param = ?)" + direction + " nulls last", param.id());
	}

	/** Candidates inside the bounding box, then the exact great-circle distance, nearest first. */
	private SearchMatches near(SearchSpec spec) {
		Near near = spec.near();
		double dLat = Math.toDegrees(near.distanceKm() / EARTH_RADIUS_KM);
		double cosLat = Math.max(Math.cos(Math.toRadians(near.lat())), 1e-6);
		double dLon = Math.min(180, dLat / cosLat);
		Sql join = Sql.of(" join sp_coords c on c.res_pk = r.pk and c.param = ?", near.paramId());
		Sql box = Sql.of("c.lat between ? and ? and c.lon between ? and ?", near.lat() - dLat, near.lat() + dLat,
				near.lon() - dLon, near.lon() + dLon);
		Sql query = select(spec, "r.pk, c.lat, c.lon", join, List.of(box));
		Map<Long, Double> distances = new HashMap<>();
		jdbc.query(query.text(), rs -> {
			double km = distanceKm(near.lat(), near.lon(), rs.getDouble(2), rs.getDouble(3));
			if (km <= near.distanceKm()) {
				distances.merge(rs.getLong(1), km, Math::min);
			}
		}, query.args().toArray());
		long[] pks = distances.keySet().stream().sorted(Comparator.<Long>comparingDouble(distances::get)
				.thenComparing(Comparator.naturalOrder())).mapToLong(Long::longValue).toArray();
		return new SearchMatches(pks, distances, true, pks.length);
	}

	static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
		double dLat = Math.toRadians(lat2 - lat1);
		double dLon = Math.toRadians(lon2 - lon1);
		double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
				+ Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
		return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
	}
}
