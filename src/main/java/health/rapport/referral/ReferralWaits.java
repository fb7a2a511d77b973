package health.rapport.referral;

import health.rapport.fhir.matching.ProviderProjection.ObservedWaits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The median days each role took to accept its offers, for matching's wait criterion: read from
 * the offers once (a whole index rebuild asks for every role), kept current on each acceptance
 * here, and reread every minute for what other instances saw.
 */
@Component
class ReferralWaits implements ObservedWaits {

	private final Offers offers;
	private final ReferralProperties properties;
	private volatile Map<String, Integer> days;

	ReferralWaits(Offers offers, ReferralProperties properties) {
		this.offers = offers;
		this.properties = properties;
	}

	@Override
	public Integer acceptanceDays(String roleId) {
		return all().get(roleId);
	}

	void accepted(String roleId) {
		Integer observed = offers.observedWaitDays(roleId, properties.minObservations()).get(roleId);
		if (observed != null) {
			all().put(roleId, observed);
		}
	}

	@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
	void reread() {
		days = null;
	}

	private Map<String, Integer> all() {
		Map<String, Integer> known = days;
		if (known == null) {
			known = new ConcurrentHashMap<>(offers.observedWaitDays(null, properties.minObservations()));
			days = known;
		}
		return known;
	}
}
