package health.rapport.fhir.server;

import health.rapport.fhir.search.ParamType;
import health.rapport.fhir.search.SearchParam;
import health.rapport.fhir.search.SearchParameterRegistry;
import health.rapport.fhir.search.SearchSpec;
import health.rapport.fhir.search.SearchSpec.IncludeSpec;
import health.rapport.fhir.store.ResourceStore;
import health.rapport.fhir.store.StoredVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Resolves {@code _include} and {@code _revinclude} for a page of matches through the reference
 * search table; {@code :iterate} follows the included resources as well, up to a limit.
 */
@Component
class IncludeLoader {

	static final int MAX_INCLUDED = 1000;

	private final JdbcTemplate jdbc;
	private final ResourceStore store;
	private final SearchParameterRegistry registry;

	IncludeLoader(JdbcTemplate jdbc, ResourceStore store, SearchParameterRegistry registry) {
		this.jdbc = jdbc;
		this.store = store;
		this.registry = registry;
	}

	List<StoredVersion> load(SearchSpec spec, List<StoredVersion> page) {
		if (spec.includes().isEmpty() && spec.revIncludes().isEmpty()) {
			return List.of();
		}
		store.flush();
		Set<Long> seen = new LinkedHashSet<>();
		page.forEach(v -> seen.add(v.pk()));
		List<StoredVersion> included = new ArrayList<>();
		List<StoredVersion> frontier = page;
		boolean first = true;
		while (!frontier.isEmpty() && included.size() < MAX_INCLUDED) {
			Set<Long> found = new LinkedHashSet<>();
			for (IncludeSpec include : spec.includes()) {
				if (first || include.iterate()) {
					found.addAll(forward(include, frontier));
				}
			}
			for (IncludeSpec include : spec.revIncludes()) {
				if (first || include.iterate()) {
					found.addAll(reverse(include, frontier));
				}
			}
			found.removeAll(seen);
			seen.addAll(found);
			List<Long> next = new ArrayList<>(found).subList(0, Math.min(found.size(), MAX_INCLUDED - included.size()));
			frontier = store.currentOf(next);
			included.addAll(frontier);
			first = false;
		}
		return included;
	}

	private List<Long> forward(IncludeSpec include, List<StoredVersion> sources) {
		List<Object> args = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (StoredVersion v : sources) {
			if (v.type().equals(include.sourceType())) {
				ids.add("?");
				args.add(v.pk());
			}
		}
		if (ids.isEmpty()) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder("select distinct t.pk from sp_reference ref join fhir_resource t"
				+ " on t.res_type = ref.target_type and t.res_id = ref.target_id where t.deleted = false and ref.res_pk in ("
				+ String.join(",", ids) + ")");
		List<Integer> params = registry.forType(include.sourceType()).values().stream()
				.filter(p -> p.type() == ParamType.REFERENCE && (include.param().equals("*") || p.code().equals(include.param())))
				.map(SearchParam::id).toList();
		sql.append(" and ref.param in (").append(String.join(",", Collections.nCopies(params.size(), "?"))).append(")");
		args.addAll(params);
		if (include.targetType() != null) {
			sql.append(" and t.res_type = ?");
			args.add(include.targetType());
		}
		return jdbc.queryForList(sql.toString(), Long.class, args.toArray());
	}

	private List<Long> reverse(IncludeSpec include, List<StoredVersion> targets) {
		SearchParam param = registry.find(include.sourceType(), include.param()).orElseThrow();
		List<Object> args = new ArrayList<>(List.of(param.id(), include.sourceType()));
		List<String> ids = new ArrayList<>();
		for (StoredVersion v : targets) {
			if (include.targetType() == null || include.targetType().equals(v.type())) {
				ids.add("(?, ?)");
				args.add(v.type());
				args.add(v.id());
			}
		}
		if (ids.isEmpty()) {
			return List.of();
		}
		String sql = "select distinct ref.res_pk from sp_reference ref join fhir_resource src on src.pk = ref.res_pk"
				+ " where ref.param = ? and src.res_type = ? and (ref.target_type, ref.target_id) in ("
				+ String.join(",", ids) + ") fetch first " + MAX_INCLUDED + " rows only";
		return jdbc.queryForList(sql, Long.class, args.toArray());
	}
}
