package health.rapport.fhir.subscription;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The durable delivery queue ({@code subscription_delivery}). Each subscription is a lane: only
 * its oldest pending delivery (its head) is ever claimed, so an endpoint sees its changes in
 * order. A claim is one conditional update (pending, due, lease expired), atomic on H2 and on
 * PostgreSQL, so several instances can poll the same queue; a claim's outcome is recorded only
 * by the worker that still holds it.
 */
@Repository
class DeliveryQueue {

	static final String PENDING = "pending";
	static final String DELIVERED = "delivered";
	static final String DEAD = "dead";

	private static final String COLUMNS = "seq, event_id, subscription_id, res_type, res_id, res_version, attempts";
	private static final RowMapper<Delivery> DELIVERY = (rs, n) -> new Delivery(rs.getLong(1), rs.getString(2),
			rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7));
	private static final String HEAD = " d.status = 'pending' and d.next_attempt_at <= ? and d.lease_until < ?"
			+ " and not exists (select 1 from subscription_delivery e where e.subscription_id = d.subscription_id"
			+ " and e.status = 'pending' and e.seq < d.seq)";

	private final JdbcTemplate jdbc;

	DeliveryQueue(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Queues a delivery in the caller's transaction; returns its event id. */
	String enqueue(String subscriptionId, String type, String id, int version, long now) {
		String eventId = UUID.randomUUID().toString();
		jdbc.update("insert into subscription_delivery (event_id, subscription_id, res_type, res_id, res_version, status,"
				+ " attempts, next_attempt_at, lease_until, created_at) values (?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?)",
				eventId, subscriptionId, type, id, version, now, now);
		return eventId;
	}

	/** Due heads of lanes that nobody holds, oldest due first. */
	List<Delivery> dueHeads(long now, int limit) {
		return jdbc.query("select " + COLUMNS + " from subscription_delivery d where" + HEAD
				+ " order by d.next_attempt_at, d.seq fetch first ? rows only", DELIVERY, now, now, limit);
	}

	/** The due head of one subscription's lane, if nobody holds it. */
	Optional<Delivery> dueHead(String subscriptionId, long now) {
		return jdbc.query("select " + COLUMNS + " from subscription_delivery d where d.subscription_id = ? and" + HEAD,
				DELIVERY, subscriptionId, now, now).stream().findFirst();
	}

	/** Claims {@code delivery} for {@code worker} until {@code leaseUntil}; false when another worker got it first. */
	boolean claim(Delivery delivery, String worker, long now, long leaseUntil) {
		return jdbc.update("update subscription_delivery set lease_until = ?, claimed_by = ? where seq = ?"
				+ " and status = 'pending' and next_attempt_at <= ? and lease_until < ?", leaseUntil, worker, delivery.seq(), now,
				now) == 1;
	}

	void delivered(Delivery delivery, String worker, String outcome, long now) {
		jdbc.update("update subscription_delivery set status = 'delivered', attempts = attempts + 1, last_outcome = ?,"
				+ " lease_until = 0, finished_at = ? where seq = ? and claimed_by = ? and status = 'pending'", outcome, now,
				delivery.seq(), worker);
	}

	/** Records a failed attempt: due again at {@code nextAttemptAt}, or dead when that is null. */
	void failed(Delivery delivery, String worker, String outcome, Long nextAttemptAt, long now) {
		if (nextAttemptAt == null) {
			jdbc.update("update subscription_delivery set status = 'dead', attempts = attempts + 1, last_outcome = ?,"
					+ " lease_until = 0, finished_at = ? where seq = ? and claimed_by = ? and status = 'pending'", outcome, now,
					delivery.seq(), worker);
		} else {
			jdbc.update("update subscription_delivery set attempts = attempts + 1, last_outcome = ?, lease_until = 0,"
					+ " next_attempt_at = ? where seq = ? and claimed_by = ? and status = 'pending'", outcome, nextAttemptAt,
					delivery.seq(), worker);
		}
	}

	/** Deletes delivered rows finished before {@code deliveredBefore} and dead ones before {@code deadBefore}. */
	int purge(long deliveredBefore, long deadBefore) {
		return jdbc.update("delete from subscription_delivery where status = 'delivered' and finished_at < ?", deliveredBefore)
				+ jdbc.update("delete from subscription_delivery where status = 'dead' and finished_at < ?", deadBefore);
	}

	/** Rows by status, overall and per subscription: {@code {"total": {...}, "subscriptions": {id: {...}}}}. */
	Map<String, Object> counts() {
		Map<String, Long> total = new LinkedHashMap<>();
		Map<String, Map<String, Long>> bySubscription = new LinkedHashMap<>();
		jdbc.query("select subscription_id, status, count(*) from subscription_delivery group by subscription_id, status"
				+ " order by subscription_id, status", rs -> {
					total.merge(rs.getString(2), rs.getLong(3), Long::sum);
					bySubscription.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
				});
		return Map.of("total", total, "subscriptions", bySubscription);
	}
}
