package health.rapport.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.JOSEException;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The embedded authorization server (the default; {@code rapport.security.embedded-issuer=false}
 * turns it off): client credentials at {@code /oauth2/token}, clients from {@link ApiClients},
 * JWT access tokens signed by a key made at start, for the FHIR base URL as audience.
 */
@Configuration
// Not for one-off commands without a web server (--rebuild-provider-index).
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "rapport.security.embedded-issuer", havingValue = "true", matchIfMissing = true)
class AuthorizationServerConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http, RegisteredClientRepository clients,
			ClientAssertionDecoders assertions) throws Exception {
		OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
		http.securityMatcher(server.getEndpointsMatcher())
				.with(server, s -> s.registeredClientRepository(clients)
						.authorizationService(new StatelessAuthorizations())
						.clientAuthentication(c -> c.authenticationConverter(new ClientAssertionConverter())
								.authenticationProviders(providers -> providers.forEach(p -> {
									if (p instanceof JwtClientAssertionAuthenticationProvider jwt) {
										jwt.setJwtDecoderFactory(assertions);
									}
								}))))
				.authorizeHttpRequests(a -> a.anyRequest().authenticated())
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(c -> c.disable());
		return http.build();
	}

	@Bean
	RegisteredClientRepository registeredClients(ApiClients clients, SecurityProperties properties) {
		return new StoredClientRepository(clients, properties.tokenTtl());
	}

	@Bean
	ClientAssertionDecoders clientAssertionDecoders(ApiClients clients, UsedAssertions used, SecurityProperties properties) {
		return new ClientAssertionDecoders(clients, used, properties);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	/** The signing key lives as long as the process: tokens from before a restart are refused. */
	@Bean
	JWKSource<SecurityContext> jwkSource() throws JOSEException {
		RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(SecurityProperties properties, ApiClients clients) {
		return context -> {
			context.getClaims().audience(List.of(properties.audience()));
			clients.find(context.getRegisteredClient().getClientId())
					.ifPresent(c -> context.getClaims().claim("client_kind", c.kind().code()));
		};
	}
}
