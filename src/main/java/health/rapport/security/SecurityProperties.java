package health.rapport.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of token issuing and validation ({@code rapport.security.*}).
 *
 * @param embeddedIssuer whether Rapport issues its own tokens at {@code /oauth2/token}; false in
 *        production, where {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} names the issuer
 * @param issuer the {@code iss} of the embedded server's tokens (and of client assertions' audience)
 * @param audience the {@code aud} every access token must carry: the FHIR base URL
 * @param tokenTtl how long an access token of the embedded server lives
 * @param demoClients whether demo clients of each kind are registered at start (embedded default only)
 * @param externalTokenEndpoint the external issuer's token endpoint, published in the SMART
 *        configuration when the embedded server is off
 */
@ConfigurationProperties("rapport.security")
public record SecurityProperties(
		@DefaultValue("true") boolean embeddedIssuer,
		@DefaultValue("http://localhost:8080") String issuer,
		@DefaultValue("http://localhost:8080/fhir") String audience,
		@DefaultValue("5m") Duration tokenTtl,
		@DefaultValue("true") boolean demoClients,
		String externalTokenEndpoint) {

	/** The token endpoint as client assertions name it in their {@code aud}. */
	public String tokenEndpoint() {
		return issuer + "/oauth2/token";
	}
}
