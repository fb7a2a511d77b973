package health.rapport.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and browser policies ({@code rapport.security.hardening.*}).
 *
 * @param maxBody the largest request body accepted; larger is 413
 * @param anonymousPerMinute requests per minute per client address without a token (token bucket); more is 429
 * @param anonymousBurst how many of them may come at once
 * @param corsAllowedOrigins origins whose browser scripts may call the API; none by default
 */
@ConfigurationProperties("rapport.security.hardening")
public record HardeningProperties(
		@DefaultValue("10MB") DataSize maxBody,
		@DefaultValue("600") int anonymousPerMinute,
		@DefaultValue("120") int anonymousBurst,
		@DefaultValue({}) List<String> corsAllowedOrigins) {}
