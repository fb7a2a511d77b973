package health.rapport.security;

import java.time.Duration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The embedded authorization server's view of the registered API clients: client credentials
 * only, {@code private_key_jwt} for a client with keys, {@code client_secret_basic} for one with a
 * secret (demo clients).
 */
class StoredClientRepository implements RegisteredClientRepository {

	private final ApiClients clients;
	private final Duration tokenTtl;

	StoredClientRepository(ApiClients clients, Duration tokenTtl) {
		this.clients = clients;
		this.tokenTtl = tokenTtl;
	}

	/** Called by Spring only to store a re-encoded (upgraded) secret hash; clients are registered through ApiClients. */
	@Override
	public void save(RegisteredClient registeredClient) {
		if (registeredClient.getClientSecret() != null) {
			clients.updateSecretHash(registeredClient.getClientId(), registeredClient.getClientSecret());
		}
	}

	@Override
	public RegisteredClient findById(String id) {
		return findByClientId(id);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return clients.find(clientId).map(this::registered).orElse(null);
	}

	private RegisteredClient registered(ApiClient client) {
		RegisteredClient.Builder builder = RegisteredClient.withId(client.clientId()).clientId(client.clientId())
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scopes(s -> s.addAll(client.scopes()))
				.clientSettings(ClientSettings.builder().tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384).build())
				.tokenSettings(TokenSettings.builder().accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
						.accessTokenTimeToLive(tokenTtl).build());
		if (client.jwks() != null) {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		}
		if (client.secretHash() != null) {
			builder.clientSecret(client.secretHash()).clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		}
		return builder.build();
	}
}
