package health.rapport.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Decodes SMART Backend Services client assertions ({@code private_key_jwt}): signed (RS384, ES384
 * or RS256) by a key of the client's registered JWK Set, {@code iss} and {@code sub} the client
 * id, {@code aud} the token endpoint, not expired, and a {@code jti} never used before.
 */
class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384, JWSAlgorithm.RS256);

	private final ApiClients clients;
	private final UsedAssertions used;
	private final List<String> audiences;

	ClientAssertionDecoders(ApiClients clients, UsedAssertions used, SecurityProperties properties) {
		this.clients = clients;
		this.used = used;
		this.audiences = List.of(properties.tokenEndpoint(), properties.issuer());
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		String jwks = clients.find(client.getClientId()).map(ApiClient::jwks)
				.orElseThrow(() -> new IllegalStateException("No keys for " + client.getClientId()));
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		try {
			processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(JWKSet.parse(jwks))));
		} catch (ParseException e) {
			throw new IllegalStateException("The JWK Set of " + client.getClientId() + " does not parse", e);
		}
		processor.setJWTClaimsSetVerifier((claims, context) -> { });
		NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
		decoder.setJwtValidator(validator(client.getClientId()));
		return decoder;
	}

	private OAuth2TokenValidator<Jwt> validator(String clientId) {
		return new DelegatingOAuth2TokenValidator<>(List.of(
				new JwtClaimValidator<String>("iss", clientId::equals),
				new JwtClaimValidator<String>("sub", clientId::equals),
				new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.stream().anyMatch(audiences::contains)),
				new JwtClaimValidator<Object>("exp", exp -> exp != null),
				new JwtTimestampValidator(),
				jwt -> jwt.getId() != null && jwt.getExpiresAt() != null && used.firstUse(clientId, jwt.getId(), jwt.getExpiresAt())
						? OAuth2TokenValidatorResult.success()
						: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", "jti missing or already used", null))));
	}
}
