package health.rapport.fhir.subscription;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The client that created each Subscription through the API ({@code subscription_owner}). The
 * first client to write a Subscription owns it; later updates (an admin activating it) keep the
 * owner, a deletion forgets it.
 */
@Repository
class SubscriptionOwners {

	private final JdbcTemplate jdbc;

	SubscriptionOwners(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Records {@code clientId} as the owner unless the Subscription has one; in the caller's transaction. */
	void claim(String subscriptionId, String clientId) {
		if (owner(subscriptionId).isEmpty()) {
			jdbc.update("insert into subscription_owner (subscription_id, client_id) values (?, ?)", subscriptionId, clientId);
		}
	}

	void forget(String subscriptionId) {
		jdbc.update("delete from subscription_owner where subscription_id = ?", subscriptionId);
	}

	Optional<String> owner(String subscriptionId) {
		return jdbc.queryForList("select client_id from subscription_owner where subscription_id = ?", String.class,
				subscriptionId).stream().findFirst();
	}

	Map<String, String> all() {
		Map<String, String> owners = new HashMap<>();
		jdbc.query("select subscription_id, client_id from subscription_owner", rs -> {
			owners.put(rs.getString(1), rs.getString(2));
		});
		return owners;
	}
}
