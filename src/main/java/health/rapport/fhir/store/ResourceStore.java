package health.rapport.fhir.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The JDBC resource store: every version of every resource, its JSON kept exactly as accepted,
 * deletions as versions without a body, and the search rows of each current version. Callers
 * run writes inside a transaction; this class knows nothing of FHIR beyond types and ids.
 */
@Repository
public class ResourceStore {

	private static final int CREATE_LOCK_STRIPES = 256;
	private static final String VERSION_COLUMNS =
			"v.res_pk, r.res_type, r.res_id, v.version, v.deleted, v.last_updated, v.json";
	/** The current version of one resource, by type and id (deleted or not). */
	private static final String CURRENT_BY_ID = "select " + VERSION_COLUMNS + " from fhir_resource r join fhir_resource_version v"
			+ " on v.res_pk = r.pk and v.version = r.version where r.res_type = ? and r.res_id = ?";
	private static final RowMapper<StoredVersion> VERSION = (rs, i) -> new StoredVersion(rs.getLong(1),
			rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5), rs.getLong(6), rs.getString(7));

	private final JdbcTemplate jdbc;
	private final SearchRowWriter searchRows;
	private final BatchedInserts inserts;
	private final ResourceKeys keys;

	ResourceStore(JdbcTemplate jdbc, SearchRowWriter searchRows, BatchedInserts inserts, ResourceKeys keys) {
		this.jdbc = jdbc;
		this.searchRows = searchRows;
		this.inserts = inserts;
		this.keys = keys;
	}

	/**
	 * Serialises, until the caller's transaction ends, the conditional creates of these searches
	 * ({@code Type?query}): the first commits its resource before the second searches (V14's
	 * stripes, by each search's hash).
	 */
	public void lockCreates(Collection<String> searches) {
		// In ascending order, so that two transactions with the same searches cannot deadlock.
		searches.stream().mapToInt(search -> Math.floorMod(search.hashCode(), CREATE_LOCK_STRIPES)).distinct().sorted()
				.forEach(stripe -> jdbc.queryForList("select stripe from fhir_create_lock where stripe = ? for update",
						Integer.class, stripe));
	}

	/** The current head of a resource, locked for update within the caller's transaction. */
	public Optional<ResourceHead> lockHead(String type, String id) {
		return head(type, id, " for update");
	}

	public Optional<ResourceHead> head(String type, String id) {
		return head(type, id, "");
	}

	private Optional<ResourceHead> head(String type, String id, String lock) {
		PendingWrites.NewResource pending = inserts.find(type, id);
		if (pending != null) {
			return Optional.of(new ResourceHead(pending.pk(), 1, false));
		}
		return jdbc.query("select pk, version, deleted from fhir_resource where res_type = ? and res_id = ?" + lock,
				(rs, i) -> new ResourceHead(rs.getLong(1), rs.getInt(2), rs.getBoolean(3)), type, id).stream().findFirst();
	}

	/**
	 * Stores the first version of a new resource and its search rows, with the inserts of the rest
	 * of the transaction; returns its key. {@code byPut}: an update created it (history says PUT).
	 */
	public long insert(String type, String id, long lastUpdated, String json, List<SearchRow> rows, boolean byPut) {
		long pk = keys.next();
		inserts.add(new PendingWrites.NewResource(pk, type, id, lastUpdated, json, rows, byPut));
		return pk;
	}

	/** Writes the transaction's pending inserts now; anything that queries the tables directly calls this first. */
	public void flush() {
		inserts.writePending();
	}

	/** Stores a new version (a deletion when json is null) and replaces the search rows. */
	public void append(long pk, String type, int version, long lastUpdated, String json, List<SearchRow> rows) {
		inserts.writePending();
		boolean deleted = json == null;
		jdbc.update("update fhir_resource set version = ?, deleted = ?, last_updated = ? where pk = ?", version, deleted,
				lastUpdated, pk);
		insertVersion(pk, type, version, deleted, lastUpdated, json);
		searchRows.delete(pk);
		searchRows.insert(SearchRowWriter.keyed(pk, rows));
		jdbc.update("insert into fhir_outbox (res_pk) values (?)", pk);
	}

	private void insertVersion(long pk, String type, int version, boolean deleted, long lastUpdated, String json) {
		jdbc.update(
				"insert into fhir_resource_version (res_pk, version, res_type, deleted, last_updated, json) values (?, ?, ?, ?, ?, ?)",
				pk, version, type, deleted, lastUpdated, json);
	}

	public Optional<StoredVersion> current(String type, String id) {
		inserts.writePending();
		return jdbc.query(CURRENT_BY_ID, VERSION, type, id).stream().findFirst();
	}

	public Optional<StoredVersion> version(String type, String id, int version) {
		inserts.writePending();
		return jdbc.query("select " + VERSION_COLUMNS + " from fhir_resource r join fhir_resource_version v"
				+ " on v.res_pk = r.pk where r.res_type = ? and r.res_id = ? and v.version = ?", VERSION, type, id, version)
				.stream().findFirst();
	}

	/** Keys of the current resources of a type after {@code afterPk}, in key order: a scan in pages. */
	public List<Long> currentKeysAfter(String type, long afterPk, int limit) {
		inserts.writePending();
		Long last = jdbc.queryForObject("select max(pk) from fhir_resource", Long.class);
		List<Long> keys = new ArrayList<>(limit);
		// Bounded windows of keys, wider while the type is sparse: H2 reads the whole (type, key)
		// index range before it applies a row limit, so an open range would read every later key.
		long from = afterPk;
		long window = limit;
		while (keys.size() < limit && last != null && from < last) {
			List<Long> found = jdbc.queryForList("select pk from fhir_resource where res_type = ? and pk > ? and pk <= ?"
					+ " and deleted = false order by pk", Long.class, type, from, from + window);
			keys.addAll(found.subList(0, Math.min(found.size(), limit - keys.size())));
			from += window;
			window = Math.min(window * 2, 64L * limit);
		}
		return keys;
	}

	/** The current versions of the given keys, in the order of the keys; deleted ones are left out. */
	public List<StoredVersion> currentOf(List<Long> pks) {
		if (pks.isEmpty()) {
			return List.of();
		}
		inserts.writePending();
		String in = String.join(",", Collections.nCopies(pks.size(), "?"));
		List<StoredVersion> found = jdbc.query("select " + VERSION_COLUMNS + " from fhir_resource r join fhir_resource_version v"
				+ " on v.res_pk = r.pk and v.version = r.version where r.pk in (" + in + ") and r.deleted = false", VERSION,
				pks.toArray());
		Map<Long, StoredVersion> byPk = new HashMap<>();
		found.forEach(v -> byPk.put(v.pk(), v));
		return pks.stream().map(byPk::get).filter(Objects::nonNull).toList();
	}

	/**
	 * The current versions of resources of one type by id, in the order of the ids; deleted and
	 * unknown ones are left out. Keys first, by a union of point lookups (H2 does not look an
	 * {@code in} list up on the second column of the (type, id) index, it scans the type), then
	 * the versions by key: a union of the versions themselves would have H2 copy every JSON
	 * document into the union's rows, a sixth of an index rebuild's time.
	 */
	public List<StoredVersion> currentOf(String type, List<String> ids) {
		List<String> distinct = ids.stream().distinct().toList();
		if (distinct.isEmpty()) {
			return List.of();
		}
		inserts.writePending();
		String one = "select pk from fhir_resource where res_type = ? and res_id = ? and deleted = false";
		List<Object> args = new ArrayList<>(distinct.size() * 2);
		distinct.forEach(id -> {
			args.add(type);
			args.add(id);
		});
		List<Long> pks = jdbc.queryForList(String.join(" union all ", Collections.nCopies(distinct.size(), one)),
				Long.class, args.toArray());
		Map<String, StoredVersion> byId = new HashMap<>();
		currentOf(pks).forEach(v -> byId.put(v.id(), v));
		return distinct.stream().map(byId::get).filter(Objects::nonNull).toList();
	}

	/**
	 * Versions of one resource (type and id given) or of a type (id null), newest first, written
	 * from {@code since} (inclusive, optional) to {@code until} (inclusive): a fixed {@code until}
	 * keeps the pages of one history stable while others write.
	 */
	public List<HistoryVersion> history(String type, String id, Long since, long until, int offset, int limit) {
		inserts.writePending();
		List<Object> args = new ArrayList<>();
		String sql = "select " + VERSION_COLUMNS + ", v.created_by_put" + historyFrom(type, id, since, until, args)
				+ " order by v.last_updated desc, v.res_pk desc, v.version desc offset ? rows fetch next ? rows only";
		args.add(offset);
		args.add(limit);
		return jdbc.query(sql, (rs, i) -> new HistoryVersion(VERSION.mapRow(rs, i), rs.getBoolean("created_by_put")), args.toArray());
	}

	/** A version in a history, and whether it is the first version of a resource an update created. */
	public record HistoryVersion(StoredVersion version, boolean createdByPut) {}

	public long countHistory(String type, String id, Long since, long until) {
		inserts.writePending();
		List<Object> args = new ArrayList<>();
		return jdbc.queryForObject("select count(*)" + historyFrom(type, id, since, until, args), Long.class, args.toArray());
	}

	private static String historyFrom(String type, String id, Long since, long until, List<Object> args) {
		StringBuilder sql = new StringBuilder(
				" from fhir_resource_version v join fhir_resource r on r.pk = v.res_pk where v.res_type = ? and v.last_updated <= ?");
		args.add(type);
		args.add(until);
		if (id != null) {
			sql.append(" and r.res_id = ?");
			args.add(id);
		}
		if (since != null) {
			sql.append(" and v.last_updated >= ?");
			args.add(since);
		}
		return sql.toString();
	}

	public long countCurrent(String type) {
		inserts.writePending();
		return jdbc.queryForObject("select count(*) from fhir_resource where res_type = ? and deleted = false", Long.class,
				type);
	}

	/**
	 * A value that changes whenever a stored resource of {@code type} is written or deleted: for
	 * caches of the few resources of a type (Subscriptions). Does not send the transaction's pending
	 * inserts, so that it costs a batch nothing.
	 */
	public String stamp(String type) {
		return jdbc.queryForObject("select count(*), coalesce(max(last_updated), 0), coalesce(sum(version), 0)"
				+ " from fhir_resource where res_type = ?", (rs, n) -> rs.getLong(1) + ":" + rs.getLong(2) + ":" + rs.getLong(3),
				type);
	}
}
