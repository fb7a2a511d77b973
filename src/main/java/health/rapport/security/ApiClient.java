package health.rapport.security;

import java.util.List;
import java.util.Set;

/**
 * A registered API client.
 *
 * @param clientId the OAuth2 client id (the {@code sub} of its tokens)
 * @param kind what kind of client it is
 * @param actsFor what it acts for: an Organization reference (ehr), PractitionerRole references
 *        (practice), ISO 3166-2 jurisdiction codes (regulator); empty for admin
 * @param scopes the SMART scopes it may be granted
 * @param jwks its public JSON Web Key Set, for {@code private_key_jwt}; null when it has none
 * @param secretHash a password-encoder hash of its secret, for {@code client_secret_basic} (demo
 *        clients only); null when it has none
 */
public record ApiClient(String clientId, ClientKind kind, List<String> actsFor, Set<String> scopes, String jwks,
		String secretHash) {

	public ApiClient {
		actsFor = List.copyOf(actsFor);
		scopes = Set.copyOf(scopes);
	}
}
