package health.rapport.security;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The registered API clients, in the {@code api_client} table. */
@Repository
public class ApiClients {

	private final JdbcTemplate jdbc;
	private final Clock clock;

	ApiClients(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public Optional<ApiClient> find(String clientId) {
		return jdbc.query("select client_id, kind, acts_for, scopes, jwks, secret_hash from api_client where client_id = ?",
				(rs, n) -> new ApiClient(rs.getString(1), ClientKind.of(rs.getString(2)), words(rs.getString(3)),
						new LinkedHashSet<>(words(rs.getString(4))), rs.getString(5), rs.getString(6)),
				clientId).stream().findFirst();
	}

	/** Registers a client, or replaces the registration of the same client id. */
	@Transactional
	public void save(ApiClient client) {
		jdbc.update("delete from api_client where client_id = ?", client.clientId());
		jdbc.update("insert into api_client (client_id, kind, acts_for, scopes, jwks, secret_hash, created_at)"
				+ " values (?, ?, ?, ?, ?, ?, ?)", client.clientId(), client.kind().code(),
				String.join(" ", client.actsFor()), String.join(" ", client.scopes()), client.jwks(),
				client.secretHash(), clock.millis());
	}

	public void updateSecretHash(String clientId, String secretHash) {
		jdbc.update("update api_client set secret_hash = ? where client_id = ? and secret_hash is not null", secretHash, clientId);
	}

	private static List<String> words(String value) {
		return value == null || value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
	}
}
