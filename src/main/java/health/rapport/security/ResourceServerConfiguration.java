package health.rapport.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Everything but the token endpoint: a bearer token, when present, must be valid (signature,
 * expiry, issuer, audience) or the request is refused with 401; without one the request goes on
 * as anonymous. What each caller may then do is {@link AccessPolicy}'s business, inside the FHIR
 * server where the interaction is known.
 */
@Configuration
// Not for one-off commands without a web server (--rebuild-provider-index).
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ResourceServerConfiguration {

	/** For the HTML pages (HAPI's highlighted responses, later the site): own resources, inline styling, no framing. */
	static final String CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

	@Bean
	@Order(2)
	SecurityFilterChain resourceServer(HttpSecurity http, JwtDecoder decoder, AuditRecorder audit,
			HardeningProperties hardening) throws Exception {
		FhirAuthenticationEntryPoint entryPoint = new FhirAuthenticationEntryPoint(audit);
		http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
				.addFilterAfter(new AnonymousRateLimit(hardening.anonymousPerMinute(), hardening.anonymousBurst(),
						System::nanoTime), BearerTokenAuthenticationFilter.class)
				.cors(c -> c.configurationSource(cors(hardening.corsAllowedOrigins())))
				.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP)))
				.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder)).authenticationEntryPoint(entryPoint))
				.exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(c -> c.disable())
				.csrf(c -> c.disable()); // no cookies or sessions: a bearer token is not sent by a browser on its own
		return http.build();
	}

	/**
	 * The body limit and the refusal of XML DTDs come first, before anything reads a body.
	 */
	@Bean
	FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(HardeningProperties hardening) {
		FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
				new RequestBodyLimit(hardening.maxBody().toBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/** Browser scripts of the allowed origins may call the API with a token and read FHIR's headers. */
	static CorsConfigurationSource cors(List<String> origins) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (origins.isEmpty()) {
			return source;
		}
		CorsConfiguration config = new CorsConfiguration();
		config.setAllowedOrigins(origins);
		config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
		config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "If-Match", "If-None-Exist",
				"If-None-Match", "If-Modified-Since", "Prefer"));
		config.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified", "WWW-Authenticate",
				"Retry-After", "X-Request-Id"));
		config.setMaxAge(3600L);
		source.registerCorsConfiguration("/**", config); // the FHIR servlet's paths are matched within it, so all
		return source;
	}

	/**
	 * Tokens of the embedded server, checked against its key; or, with the embedded server off,
	 * tokens of the issuer at {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}.
	 */
	@Bean
	JwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<JWKSource<SecurityContext>> keys,
			OAuth2ResourceServerProperties resourceServer) {
		String issuer = properties.embeddedIssuer() ? properties.issuer() : resourceServer.getJwt().getIssuerUri();
		if (issuer == null) {
			throw new IllegalStateException("rapport.security.embedded-issuer=false needs "
					+ "spring.security.oauth2.resourceserver.jwt.issuer-uri");
		}
		NimbusJwtDecoder decoder = properties.embeddedIssuer()
				? (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(keys.getObject())
				: NimbusJwtDecoder.withIssuerLocation(issuer).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
				new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(properties.audience()))));
		return decoder;
	}
}
