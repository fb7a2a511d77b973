package health.rapport.referral;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Looks for offers that lapsed unanswered and hands each referral to the next candidate, one
 * transaction per offer (an offer ended by another instance meanwhile is left alone).
 */
@Component
class OfferExpiry {

	private static final Logger log = LoggerFactory.getLogger(OfferExpiry.class);
	private static final int BATCH = 100;

	private final Offers offers;
	private final ReferralWorkflow workflow;
	private final TransactionTemplate transactions;
	private final Clock clock;

	OfferExpiry(Offers offers, ReferralWorkflow workflow, TransactionTemplate transactions, Clock clock) {
		this.offers = offers;
		this.workflow = workflow;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${rapport.referral.sweep-interval-ms:5000}")
	void sweep() {
		for (Offers.Lapsed lapsed : offers.lapsed(clock.millis(), BATCH)) {
			try {
				transactions.executeWithoutResult(tx -> workflow.expire(lapsed));
			} catch (RuntimeException e) {
				// the offer stays open and lapsed: the next sweep tries again
				log.warn("A lapsed referral offer could not be passed on: {}", e.getClass().getSimpleName());
			}
		}
	}
}
