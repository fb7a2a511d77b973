package health.rapport.fhir.subscription;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Subscription deliveries ({@code rapport.subscriptions.*}).
 *
 * @param workerEnabled whether this instance delivers (every instance enqueues)
 * @param threads lanes delivered at once by this instance (one subscription per lane)
 * @param pollInterval how often due deliveries are looked for
 * @param connectTimeout connecting to a subscriber's endpoint
 * @param requestTimeout waiting for its answer
 * @param maxAttempts attempts before a delivery is dead
 * @param backoffBase the wait after the first failed attempt, doubled after each further one
 * @param backoffCap the longest wait between attempts
 * @param lease how long a claimed delivery stays with its worker; after that it is due again (a
 *     worker that died); must exceed the connect and request timeouts together
 * @param retention how long delivered rows are kept
 * @param deadRetention how long dead rows are kept
 * @param purgeInterval how often old rows are purged
 */
@ConfigurationProperties("rapport.subscriptions")
public record SubscriptionProperties(
		@DefaultValue("true") boolean workerEnabled,
		@DefaultValue("4") int threads,
		@DefaultValue("500ms") Duration pollInterval,
		@DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration requestTimeout,
		@DefaultValue("8") int maxAttempts,
		@DefaultValue("1s") Duration backoffBase,
		@DefaultValue("5m") Duration backoffCap,
		@DefaultValue("2m") Duration lease,
		@DefaultValue("7d") Duration retention,
		@DefaultValue("30d") Duration deadRetention,
		@DefaultValue("1h") Duration purgeInterval) {

	public SubscriptionProperties {
		if (threads < 1 || maxAttempts < 1) {
			throw new IllegalArgumentException("rapport.subscriptions.threads and max-attempts must be at least 1");
		}
		if (lease.compareTo(connectTimeout.plus(requestTimeout)) <= 0) {
			throw new IllegalArgumentException("rapport.subscriptions.lease must exceed connect-timeout + request-timeout");
		}
	}

	/** The wait after {@code attempts} failed attempts: base, doubled each time, at most the cap. */
	Duration backoff(int attempts) {
		long factor = 1L << Math.min(Math.max(attempts - 1, 0), 30);
		Duration wait = backoffBase.multipliedBy(factor);
		return wait.compareTo(backoffCap) > 0 ? backoffCap : wait;
	}
}
