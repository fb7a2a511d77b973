package health.rapport.security;

import java.time.Clock;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The client assertion ids ({@code jti}) already used, until their assertions expire. */
@Repository
class UsedAssertions {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	UsedAssertions(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Records {@code jti}; false when the client has used it before (a replay). */
	boolean firstUse(String clientId, String jti, Instant expiresAt) {
		jdbc.update("delete from client_assertion_jti where expires_at < ?", clock.millis());
		try {
			jdbc.update("insert into client_assertion_jti (client_id, jti, expires_at) values (?, ?, ?)", clientId, jti,
					expiresAt.toEpochMilli());
			return true;
		} catch (DuplicateKeyException e) {
			return false;
		}
	}
}
