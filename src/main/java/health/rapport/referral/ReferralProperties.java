package health.rapport.referral;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the referral workflow.
 *
 * @param offerTtl how long a practice has to answer an offer before it goes to the next candidate
 * @param maxOffers how many roles a referral is offered to, in all, before its Task fails
 * @param sweepIntervalMs how often lapsed offers are looked for
 * @param minObservations accepted offers a role needs before its observed time to accept counts in matching
 */
@ConfigurationProperties("rapport.referral")
public record ReferralProperties(
		@DefaultValue("72h") Duration offerTtl,
		@DefaultValue("5") int maxOffers,
		@DefaultValue("5000") long sweepIntervalMs,
		@DefaultValue("3") int minObservations) {}
