package health.rapport.fhir.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Writes and removes search rows, one batched insert per typed table for any number of resources. */
@Component
class SearchRowWriter {

	private static final List<String> TABLES =
			List.of("sp_token", "sp_string", "sp_reference", "sp_date", "sp_number", "sp_uri", "sp_coords");

	private final JdbcTemplate jdbc;

	SearchRowWriter(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A search row and the key of the resource it belongs to. */
	record KeyedRow(long pk, SearchRow row) {}

	static List<KeyedRow> keyed(long pk, List<SearchRow> rows) {
		return rows.stream().map(row -> new KeyedRow(pk, row)).toList();
	}

	void delete(long pk) {
		for (String table : TABLES) {
			jdbc.update("delete from " + table + " where res_pk = ?", pk);
		}
	}

	void insert(List<KeyedRow> rows) {
		batch(rows, SearchRow.Token.class, "insert into sp_token (res_pk, param, system, code) values (?, ?, ?, ?)",
				r -> new Object[] {r.system(), r.code()});
		batch(rows, SearchRow.Text.class, "insert into sp_string (res_pk, param, norm, exact) values (?, ?, ?, ?)",
				r -> new Object[] {r.norm(), r.exact()});
		batch(rows, SearchRow.Ref.class,
				"insert into sp_reference (res_pk, param, target_type, target_id, target_url) values (?, ?, ?, ?, ?)",
				r -> new Object[] {r.targetType(), r.targetId(), r.url()});
		batch(rows, SearchRow.Date.class, "insert into sp_date (res_pk, param, low, high) values (?, ?, ?, ?)",
				r -> new Object[] {r.low(), r.high()});
		batch(rows, SearchRow.Number.class,
				"insert into sp_number (res_pk, param, num, system, code) values (?, ?, ?, ?, ?)",
				r -> new Object[] {r.value(), r.system(), r.code()});
		batch(rows, SearchRow.Uri.class, "insert into sp_uri (res_pk, param, uri) values (?, ?, ?)",
				r -> new Object[] {r.uri()});
		batch(rows, SearchRow.Coords.class, "insert into sp_coords (res_pk, param, lat, lon) values (?, ?, ?, ?)",
				r -> new Object[] {r.lat(), r.lon()});
	}

	private <T extends SearchRow> void batch(List<KeyedRow> rows, Class<T> kind, String sql,
			Function<T, Object[]> values) {
		List<Object[]> args = new ArrayList<>();
		for (KeyedRow keyed : rows) {
			if (kind.isInstance(keyed.row())) {
				Object[] v = values.apply(kind.cast(keyed.row()));
				Object[] all = new Object[v.length + 2];
				all[0] = keyed.pk();
				all[1] = keyed.row().param();
				System.arraycopy(v, 0, all, 2, v.length);
				args.add(all);
			}
		}
		if (!args.isEmpty()) {
			jdbc.batchUpdate(sql, args);
		}
	}
}
