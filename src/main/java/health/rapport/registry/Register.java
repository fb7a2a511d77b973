package health.rapport.registry;

import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The register's tables: registrations by (jurisdiction, number), and every status change in order. */
@Repository
public class Register {

	/** A registration as stored: with the FHIR Practitioner it is linked to and when it was last confirmed. */
	public record Stored(Registration registration, String practitioner, long lastVerified) {}

	/** One status change: an entry of a registration's history, and of the change feed. */
	public record Change(long seq, String jurisdiction, String number, RegistrationStatus status, RegistrationStatus previous,
			String conditions, LocalDate effectiveDate, String reason, String source, long changedAt) {}

	private static final String COLUMNS = "jurisdiction, reg_number, family_name, given_name, profession, status, conditions,"
			+ " effective_date, npi, practitioner, last_verified";
	private static final RowMapper<Stored> STORED = (rs, i) -> new Stored(new Registration(rs.getString(1), rs.getString(2),
			rs.getString(3), rs.getString(4), rs.getString(5), status(rs.getString(6)), rs.getString(7), date(rs.getString(8)),
			rs.getString(9)), rs.getString(10), rs.getLong(11));
	private static final RowMapper<Change> CHANGE = (rs, i) -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3),
			status(rs.getString(4)), rs.getString(5) == null ? null : status(rs.getString(5)), rs.getString(6),
			date(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getLong(10));
	/** {@link #COLUMNS} of the registration table aliased {@code r}. */
	private static final String JOINED = Arrays.stream(COLUMNS.split(",")).map(c -> "r." + c.strip())
			.collect(Collectors.joining(", "));
	private static final String INSERTED = "jurisdiction, reg_number, family_name, given_name, profession, status, conditions,"
			+ " effective_date, npi, last_verified";
	private static final String RECORDED = "jurisdiction, reg_number, status, previous_status, conditions, effective_date, reason,"
			+ " source, changed_at";
	private static final String CHANGE_COLUMNS = "seq, jurisdiction, reg_number, status, previous_status, conditions,"
			+ " effective_date, reason, source, changed_at";

	private final JdbcTemplate jdbc;
	private volatile Boolean postgres;

	public Register(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The stored registrations among {@code numbers}, by number: a query per chunk of numbers (see
	 * {@link #batchSize()}). The numbers go as one array parameter ({@code = any(?)}) on the number's
	 * own index, and the jurisdiction is checked here: H2 tests every row of a jurisdiction against a
	 * long IN list or array when it could use the (jurisdiction, number) primary key instead.
	 */
	public Map<String, Stored> find(String jurisdiction, Collection<String> numbers) {
		Map<String, Stored> found = new HashMap<>();
		for (List<String> chunk : chunks(numbers)) {
			jdbc.query(con -> {
				PreparedStatement ps = con.prepareStatement("select " + COLUMNS + " from registry_registration where reg_number = any(?)");
				ps.setArray(1, con.createArrayOf("varchar", chunk.toArray()));
				return ps;
			}, (RowCallbackHandler) rs -> {
				Stored s = STORED.mapRow(rs, 0);
				if (s.registration().jurisdiction().equals(jurisdiction)) {
					found.put(s.registration().number(), s);
				}
			});
		}
		return found;
	}

	/**
	 * Rows per import transaction. PostgreSQL gains from large batches (fewer statements and
	 * commits); on H2 a larger transaction costs more per row to commit. Array parameters go in
	 * chunks of the batch on PostgreSQL and of 100 numbers on H2, which checks each row found
	 * against the whole array, one value after another. Sizes measured with the register benchmark.
	 */
	int batchSize() {
		return postgres() ? 10_000 : 1_000;
	}

	private List<List<String>> chunks(Collection<String> numbers) {
		List<String> all = List.copyOf(numbers);
		int size = postgres() ? batchSize() : 100;
		List<List<String>> chunks = new ArrayList<>();
		for (int i = 0; i < all.size(); i += size) {
			chunks.add(all.subList(i, Math.min(all.size(), i + size)));
		}
		return chunks;
	}

	private boolean postgres() {
		if (postgres == null) {
			postgres = jdbc.execute((ConnectionCallback<Boolean>) PostgresCopy::supports);
		}
		return postgres;
	}

	public Optional<Stored> get(String jurisdiction, String number) {
		return jdbc.query("select " + COLUMNS + " from registry_registration where jurisdiction = ? and reg_number = ?", STORED,
				jurisdiction, number).stream().findFirst();
	}

	public void insert(List<Registration> registrations, long now) {
		write("registry_registration", INSERTED, registrations.stream().map(r -> new Object[] {r.jurisdiction(), r.number(),
				r.familyName(), r.givenName(), r.profession(), r.status().code(), r.conditions(), iso(r.effectiveDate()), r.npi(),
				now}).toList());
	}

	public void update(List<Registration> registrations, long now) {
		jdbc.batchUpdate("update registry_registration set family_name = ?, given_name = ?, profession = ?, status = ?,"
				+ " conditions = ?, effective_date = ?, npi = ?, last_verified = ? where jurisdiction = ? and reg_number = ?",
				registrations.stream().map(r -> new Object[] {r.familyName(), r.givenName(), r.profession(), r.status().code(),
						r.conditions(), iso(r.effectiveDate()), r.npi(), now, r.jurisdiction(), r.number()}).toList());
	}

	/** The regulator published these again, unchanged: they are verified as of now. */
	public void confirm(String jurisdiction, Collection<String> numbers, long now) {
		for (List<String> chunk : chunks(numbers)) {
			jdbc.update(con -> {
				PreparedStatement ps = con.prepareStatement("update registry_registration set last_verified = ? where reg_number = any(?)"
						+ " and jurisdiction = ?");
				ps.setLong(1, now);
				ps.setArray(2, con.createArrayOf("varchar", chunk.toArray()));
				ps.setString(3, jurisdiction);
				return ps;
			});
		}
	}

	public void link(String jurisdiction, String number, String practitioner) {
		jdbc.update("update registry_registration set practitioner = ? where jurisdiction = ? and reg_number = ?", practitioner,
				jurisdiction, number);
	}

	public void record(List<Change> changes) {
		write("registry_change", RECORDED, changes.stream().map(c -> new Object[] {c.jurisdiction(), c.number(), c.status().code(),
				c.previous() == null ? null : c.previous().code(), c.conditions(), iso(c.effectiveDate()), c.reason(), c.source(),
				c.changedAt()}).toList());
	}

	/** New rows, by COPY on PostgreSQL and as one JDBC batch elsewhere. */
	private void write(String table, String columns, List<Object[]> rows) {
		if (rows.isEmpty()) {
			return;
		}
		if (postgres()) {
			jdbc.execute((ConnectionCallback<Void>) con -> {
				PostgresCopy.copy(con, table, columns, rows);
				return null;
			});
		} else {
			jdbc.batchUpdate("insert into " + table + " (" + columns + ") values (?" + ", ?".repeat(rows.get(0).length - 1) + ")", rows);
		}
	}

	public List<Change> history(String jurisdiction, String number) {
		return jdbc.query("select " + CHANGE_COLUMNS + " from registry_change where jurisdiction = ? and reg_number = ?"
				+ " order by seq", CHANGE, jurisdiction, number);
	}

	/** The change feed of one jurisdiction: changes after {@code since}, oldest first. */
	public List<Change> changesSince(String jurisdiction, long since, int limit) {
		return jdbc.query("select " + CHANGE_COLUMNS + " from registry_change where jurisdiction = ? and seq > ? order by seq"
				+ " fetch first ? rows only", CHANGE, jurisdiction, since, limit);
	}

	/** What the publisher has still to write to FHIR: the registrations changed in a run of changes. */
	public record Changed(long lastSeq, int changes, List<Stored> registrations) {}

	/**
	 * The registrations of every jurisdiction's next {@code limit} changes after {@code since},
	 * each once, in the order of its first change, as they are now: one query, joined on the
	 * primary key (no array of numbers, which H2 checks row by row).
	 */
	public Changed changedSince(long since, int limit) {
		long[] last = {since};
		int[] changes = {0};
		Map<String, Stored> registrations = new LinkedHashMap<>();
		jdbc.query("select " + JOINED + ", c.seq from registry_change c left join registry_registration r"
				+ " on r.jurisdiction = c.jurisdiction and r.reg_number = c.reg_number where c.seq > ? order by c.seq"
				+ " fetch first ? rows only", (RowCallbackHandler) rs -> {
					last[0] = rs.getLong(12);
					changes[0]++;
					if (rs.getString(2) != null) {
						registrations.putIfAbsent(rs.getString(1) + "|" + rs.getString(2), STORED.mapRow(rs, 0));
					}
				}, since, limit);
		return new Changed(last[0], changes[0], List.copyOf(registrations.values()));
	}

	/** A page of a jurisdiction's register by number; {@code name} is a case-insensitive prefix of either name. */
	public List<Stored> search(String jurisdiction, String name, String profession, RegistrationStatus status, int offset,
			int limit) {
		List<Object> args = new ArrayList<>();
		String where = where(jurisdiction, name, profession, status, args);
		args.add(offset);
		args.add(limit);
		return jdbc.query("select " + COLUMNS + " from registry_registration" + where
				+ " order by reg_number offset ? rows fetch first ? rows only", STORED, args.toArray());
	}

	public long count(String jurisdiction, String name, String profession, RegistrationStatus status) {
		List<Object> args = new ArrayList<>();
		Long count = jdbc.queryForObject("select count(*) from registry_registration"
				+ where(jurisdiction, name, profession, status, args), Long.class, args.toArray());
		return count == null ? 0 : count;
	}

	/** The sequence of the latest change, 0 when none. */
	public long lastChange() {
		Long seq = jdbc.queryForObject("select max(seq) from registry_change", Long.class);
		return seq == null ? 0 : seq;
	}

	/** Links registrations to the FHIR Practitioners they belong to, in one batch. */
	public void link(List<Stored> links) {
		jdbc.batchUpdate("update registry_registration set practitioner = ? where jurisdiction = ? and reg_number = ?",
				links.stream().map(l -> new Object[] {l.practitioner(), l.registration().jurisdiction(),
						l.registration().number()}).toList());
	}

	public long size() {
		Long count = jdbc.queryForObject("select count(*) from registry_registration", Long.class);
		return count == null ? 0 : count;
	}

	private static String where(String jurisdiction, String name, String profession, RegistrationStatus status,
			List<Object> args) {
		StringBuilder where = new StringBuilder(" where jurisdiction = ?");
		args.add(jurisdiction);
		if (name != null && !name.isBlank()) {
			where.append(" and (lower(family_name) like ? escape '\\' or lower(given_name) like ? escape '\\')");
			String prefix = likePrefix(name);
			args.add(prefix);
			args.add(prefix);
		}
		if (profession != null) {
			where.append(" and profession = ?");
			args.add(profession);
		}
		if (status != null) {
			where.append(" and status = ?");
			args.add(status.code());
		}
		return where.toString();
	}

	/** A LIKE pattern matching names that start with {@code text}, its own wildcards taken literally. */
	private static String likePrefix(String text) {
		return text.strip().toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	public long cursor(String name) {
		Long seq = jdbc.queryForObject("select seq from registry_cursor where name = ?", Long.class, name);
		return seq == null ? 0 : seq;
	}

	public void moveCursor(String name, long seq) {
		jdbc.update("update registry_cursor set seq = ? where name = ?", seq, name);
	}

	private static RegistrationStatus status(String code) {
		return RegistrationStatus.of(code).orElseThrow();
	}

	private static LocalDate date(String iso) {
		return iso == null ? null : IsoDates.parse(iso);
	}

	private static String iso(LocalDate date) {
		return date == null ? null : date.toString();
	}
}
