package health.rapport.fhir.store;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The resource changes not yet applied by the provider index, oldest first. */
@Component
public class Outbox {

	/** One change: which resource, and whether it is now deleted. */
	public record Change(long seq, String type, String id, boolean deleted) {}

	private final JdbcTemplate jdbc;

	public Outbox(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Asks the index to re-project a resource that did not change itself (something it is projected with did). */
	public void touch(String type, String id) {
		jdbc.update("insert into fhir_outbox (res_pk) select pk from fhir_resource where res_type = ? and res_id = ?", type, id);
	}

	public List<Change> next(int limit) {
		return jdbc.query("select o.seq, r.res_type, r.res_id, r.deleted from fhir_outbox o join fhir_resource r on r.pk = o.res_pk"
				+ " order by o.seq fetch first ? rows only",
				(rs, i) -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)), limit);
	}

	public void acknowledge(List<Change> applied) {
		jdbc.batchUpdate("delete from fhir_outbox where seq = ?", applied.stream().map(c -> new Object[] {c.seq()}).toList());
	}

	/** After a rebuild from the store: the changes up to {@code seq} are in it. */
	public void acknowledgeThrough(long seq) {
		jdbc.update("delete from fhir_outbox where seq <= ?", seq);
	}

	/** How many changes wait to be applied. */
	public long pending() {
		Long count = jdbc.queryForObject("select count(*) from fhir_outbox", Long.class);
		return count == null ? 0 : count;
	}

	public long lastSeq() {
		Long seq = jdbc.queryForObject("select max(seq) from fhir_outbox", Long.class);
		return seq == null ? 0 : seq;
	}
}
