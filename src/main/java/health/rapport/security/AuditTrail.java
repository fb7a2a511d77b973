package health.rapport.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail: AuditEvents appended to {@code audit_event}, each row hash-chained to the one
 * before. There is no update or delete here, by design; {@link #verify()} recomputes the chain.
 */
@Repository
public class AuditTrail {

	/** The outcome of a verification: how many events, and the first one that breaks the chain, if any. */
	public record Verification(long events, Long firstBroken, String problem) {

		public boolean valid() {
			return firstBroken == null;
		}
	}

	private final JdbcTemplate jdbc;
	private final FhirContext fhirContext;

	AuditTrail(JdbcTemplate jdbc, FhirContext fhirContext) {
		this.jdbc = jdbc;
		this.fhirContext = fhirContext;
	}

	/** Appends in a transaction of its own, so that the event stays when the audited request's work rolls back. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void append(AuditEvent event, String clientId, boolean breakGlass) {
		Map<String, Object> head = jdbc.queryForMap("select last_seq, last_hash from audit_head where id = 1 for update");
		long seq = ((Number) head.get("last_seq")).longValue() + 1;
		String previous = (String) head.get("last_hash");
		event.setId(Long.toString(seq));
		String json = parser().encodeResourceToString(event);
		long recorded = event.getRecorded().getTime();
		String outcome = event.getOutcome().toCode();
		String hash = hash(previous, seq, recorded, clientId, outcome, breakGlass, json);
		jdbc.update("insert into audit_event (seq, recorded, client_id, outcome, break_glass, json, prev_hash, hash)"
				+ " values (?, ?, ?, ?, ?, ?, ?, ?)", seq, recorded, clientId, outcome, breakGlass, json, previous, hash);
		jdbc.update("update audit_head set last_seq = ?, last_hash = ? where id = 1", seq, hash);
	}

	/** The newest events first, at most {@code limit}; only break-glass accesses when {@code breakGlassOnly}. */
	public List<AuditEvent> newest(int limit, boolean breakGlassOnly) {
		return jdbc.query("select json from audit_event" + (breakGlassOnly ? " where break_glass = true" : "")
				+ " order by seq desc limit ?", (rs, n) -> parser().parseResource(AuditEvent.class, rs.getString(1)), limit);
	}

	public Optional<AuditEvent> find(long seq) {
		return jdbc.query("select json from audit_event where seq = ?",
				(rs, n) -> parser().parseResource(AuditEvent.class, rs.getString(1)), seq).stream().findFirst();
	}

	/** Recomputes every link of the chain, in order, and compares the last with the head. */
	@Transactional(readOnly = true)
	public Verification verify() {
		long[] expectedSeq = {1};
		String[] previous = {"0".repeat(64)};
		Verification[] broken = {null};
		jdbc.query("select seq, recorded, client_id, outcome, break_glass, json, prev_hash, hash from audit_event order by seq",
				rs -> {
					if (broken[0] != null) {
						return;
					}
					long seq = rs.getLong(1);
					String expected = hash(previous[0], seq, rs.getLong(2), rs.getString(3), rs.getString(4),
							rs.getBoolean(5), rs.getString(6));
					if (seq != expectedSeq[0] || !previous[0].equals(rs.getString(7)) || !expected.equals(rs.getString(8))) {
						broken[0] = new Verification(seq - 1, seq, seq != expectedSeq[0] ? "event " + expectedSeq[0] + " is missing"
								: "event " + seq + " does not match its hash or its predecessor's");
						return;
					}
					previous[0] = rs.getString(8);
					expectedSeq[0] = seq + 1;
				});
		if (broken[0] != null) {
			return broken[0];
		}
		Map<String, Object> head = jdbc.queryForMap("select last_seq, last_hash from audit_head where id = 1");
		long last = ((Number) head.get("last_seq")).longValue();
		if (last != expectedSeq[0] - 1 || !previous[0].equals(head.get("last_hash"))) {
			return new Verification(expectedSeq[0] - 1, expectedSeq[0], "the newest events are missing");
		}
		return new Verification(last, null, null);
	}

	static String hash(String previous, long seq, long recorded, String clientId, String outcome, boolean breakGlass,
			String json) {
		String content = previous + "\n" + seq + "\n" + recorded + "\n" + clientId + "\n" + outcome + "\n" + breakGlass
				+ "\n" + json;
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private IParser parser() {
		return fhirContext.newJsonParser();
	}
}
