package health.rapport.referral;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The offers of each referral (table referral_offer): who was asked, until when, and how it ended. */
@Component
class Offers {

	/** An open offer that has lapsed. */
	record Lapsed(long id, String taskId, String roleId) {}

	private final JdbcTemplate jdbc;

	Offers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void open(String taskId, String roleId, long offeredAt, long expiresAt) {
		jdbc.update("insert into referral_offer (task_id, role_id, offered_at, expires_at) values (?, ?, ?, ?)", taskId, roleId,
				offeredAt, expiresAt);
	}

	/** Ends the referral's open offer, if any, with {@code outcome}; returns whether there was one. */
	boolean close(String taskId, String outcome, long at) {
		return jdbc.update("update referral_offer set outcome = ?, answered_at = ? where task_id = ? and outcome is null", outcome,
				at, taskId) > 0;
	}

	/** The role the referral's open offer is to, if it has one. */
	Optional<String> openRole(String taskId) {
		return jdbc.queryForList("select role_id from referral_offer where task_id = ? and outcome is null", String.class, taskId)
				.stream().findFirst();
	}

	/** The roles the referral was offered to, in order. */
	Set<String> rolesAsked(String taskId) {
		return new LinkedHashSet<>(jdbc.queryForList("select role_id from referral_offer where task_id = ? order by id",
				String.class, taskId));
	}

	List<Lapsed> lapsed(long now, int limit) {
		return jdbc.query("select id, task_id, role_id from referral_offer where outcome is null and expires_at <= ?"
				+ " order by expires_at fetch first ? rows only", (rs, i) -> new Lapsed(rs.getLong(1), rs.getString(2),
						rs.getString(3)), now, limit);
	}

	/** Ends one lapsed offer unless it was answered meanwhile; returns whether this call ended it. */
	boolean expire(Lapsed offer, long at) {
		return jdbc.update("update referral_offer set outcome = 'expired', answered_at = ? where id = ? and outcome is null", at,
				offer.id()) > 0;
	}

	/**
	 * Per role, the median time from offer to acceptance in days, over roles with at least
	 * {@code minimum} accepted offers; {@code roleId} null for all roles.
	 */
	Map<String, Integer> observedWaitDays(String roleId, int minimum) {
		Map<String, List<Long>> waits = new HashMap<>();
		jdbc.query("select role_id, answered_at - offered_at from referral_offer where outcome = 'accepted'"
				+ (roleId == null ? "" : " and role_id = ?") + " order by role_id, 2", rs -> {
					waits.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>()).add(rs.getLong(2));
				}, roleId == null ? new Object[0] : new Object[] {roleId});
		Map<String, Integer> days = new HashMap<>();
		waits.forEach((role, millis) -> {
			if (millis.size() >= minimum) {
				days.put(role, (int) Math.round(millis.get(millis.size() / 2) / 86_400_000.0));
			}
		});
		return days;
	}
}
