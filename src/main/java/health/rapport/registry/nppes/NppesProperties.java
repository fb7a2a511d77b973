package health.rapport.registry.nppes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The external register ({@code rapport.registry.nppes.*}).
 *
 * @param baseUrl the API's base, e.g. https://npiregistry.cms.hhs.gov/api/; empty turns re-verification off
 * @param timeout for one request, connection included
 * @param attempts tries per NPI (the first and the retries), with an exponential backoff from {@code backoff}
 * @param interval how often every registration with an NPI is checked again
 */
@ConfigurationProperties("rapport.registry.nppes")
public record NppesProperties(
		String baseUrl,
		@DefaultValue("2s") Duration timeout,
		@DefaultValue("3") int attempts,
		@DefaultValue("200ms") Duration backoff,
		@DefaultValue("24h") Duration interval) {

	boolean enabled() {
		return baseUrl != null && !baseUrl.isBlank();
	}
}
