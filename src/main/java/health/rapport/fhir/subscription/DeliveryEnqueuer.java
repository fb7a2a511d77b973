package health.rapport.fhir.subscription;

import health.rapport.fhir.server.ResourceService.Changed;
import health.rapport.security.Caller;
import health.rapport.security.Callers;
import health.rapport.security.SubscriberCompartments;
import java.time.Clock;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Queues a delivery for each live Subscription whose criteria find a changed resource, in the
 * write's own transaction (a rolled-back write queues nothing, a committed one is never lost).
 * PHI reaches a Subscription only inside its owner's compartment. Deleted resources are not
 * notified. A Subscription written through the API records its owner here.
 */
@Component
class DeliveryEnqueuer {

	private static final Logger log = LoggerFactory.getLogger(DeliveryEnqueuer.class);

	private final LiveSubscriptions subscriptions;
	private final SubscriptionOwners owners;
	private final SubscriberCompartments compartments;
	private final DeliveryQueue queue;
	private final Callers callers;
	private final Clock clock;

	DeliveryEnqueuer(LiveSubscriptions subscriptions, SubscriptionOwners owners, SubscriberCompartments compartments,
			DeliveryQueue queue, Callers callers, Clock clock) {
		this.subscriptions = subscriptions;
		this.owners = owners;
		this.compartments = compartments;
		this.queue = queue;
		this.callers = callers;
		this.clock = clock;
	}

	/** Runs inside the write's transaction: ResourceService publishes before it commits. */
	@EventListener
	void changed(Changed change) {
		if (change.type().equals("Subscription")) {
			subscriptionChanged(change);
		} else if (!change.deleted()) {
			for (LiveSubscriptions.Live subscription : subscriptions.of(change.type())) {
				enqueueIfMatching(subscription, change);
			}
		}
	}

	private void subscriptionChanged(Changed change) {
		subscriptions.invalidate();
		if (change.deleted()) {
			owners.forget(change.id());
			return;
		}
		Caller caller = callers.current();
		if (!caller.anonymous()) {
			owners.claim(change.id(), caller.clientId());
		}
	}

	private void enqueueIfMatching(LiveSubscriptions.Live subscription, Changed change) {
		IBaseResource resource;
		try {
			resource = subscriptions.match(subscription, change.id());
		} catch (RuntimeException e) {
			log.warn("Subscription {}: criteria could not be evaluated ({})", subscription.id(), e.getClass().getSimpleName());
			return;
		}
		if (resource != null && compartments.sees(subscription.owner(), resource)) {
			String eventId = queue.enqueue(subscription.id(), change.type(), change.id(), change.version(), clock.millis());
			log.debug("Subscription {}: queued event {}", subscription.id(), eventId);
		}
	}
}
