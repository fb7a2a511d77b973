package health.rapport.fhir.subscription;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers the queue: polls for due heads of subscription lanes, claims each with a lease and
 * runs it on a bounded pool, one thread per lane, so a slow or failing endpoint holds up only its
 * own subscription. A delivered lane goes straight on to its next due delivery (a few at a
 * time). A failed attempt waits with exponential backoff; after the last attempt the delivery is
 * dead. Old delivered and dead rows are purged. Logs carry the subscription id, the event id
 * and the outcome (an HTTP status or an exception class) only.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
	/** Deliveries a lane sends before it lets others have its thread. */
	private static final int BURST = 20;

	private final DeliveryQueue queue;
	private final DeliverySender sender;
	private final SubscriptionProperties properties;
	private final Clock clock;
	private final String worker = UUID.randomUUID().toString();
	private final AtomicInteger busy = new AtomicInteger();
	private volatile boolean running;
	private volatile long nextPurge;
	private ScheduledExecutorService poller;
	private ExecutorService lanes;

	DeliveryWorker(DeliveryQueue queue, DeliverySender sender, SubscriptionProperties properties, Clock clock) {
		this.queue = queue;
		this.sender = sender;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		if (running || !properties.workerEnabled()) {
			return;
		}
		running = true;
		lanes = Executors.newFixedThreadPool(properties.threads(), daemon("subscription-lane"));
		poller = Executors.newSingleThreadScheduledExecutor(daemon("subscription-poller"));
		poller.scheduleWithFixedDelay(this::poll, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (!running) {
			return;
		}
		running = false;
		poller.shutdownNow();
		lanes.shutdown();
		try {
			if (!lanes.awaitTermination(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				lanes.shutdownNow();
			}
		} catch (InterruptedException e) {
			lanes.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void poll() {
		try {
			purgeWhenDue();
			int free = properties.threads() - busy.get();
			long now = clock.millis();
			for (Delivery head : free > 0 ? queue.dueHeads(now, free) : List.<Delivery>of()) {
				if (running && queue.claim(head, worker, now, now + properties.lease().toMillis())) {
					busy.incrementAndGet();
					lanes.execute(() -> lane(head));
				}
			}
		} catch (RuntimeException e) {
			log.warn("Subscription delivery poll failed: {}", e.getClass().getSimpleName());
		}
	}

	/** Delivers a claimed head, then the lane's next due deliveries while they succeed. */
	private void lane(Delivery first) {
		try {
			Optional<Delivery> next = Optional.of(first);
			for (int sent = 0; next.isPresent() && sent < BURST && running; sent++) {
				if (!attempt(next.get())) {
					return;
				}
				next = claimHead(first.subscriptionId());
			}
		} catch (RuntimeException e) {
			log.warn("Subscription {} delivery failed: {}", first.subscriptionId(), e.getClass().getSimpleName());
		} finally {
			busy.decrementAndGet();
		}
	}

	private Optional<Delivery> claimHead(String subscriptionId) {
		long now = clock.millis();
		return queue.dueHead(subscriptionId, now).filter(d -> queue.claim(d, worker, now, now + properties.lease().toMillis()));
	}

	/** One attempt, recorded; true when the delivery is finished (delivered or undeliverable). */
	private boolean attempt(Delivery delivery) {
		DeliverySender.Outcome outcome = sender.send(delivery);
		long now = clock.millis();
		switch (outcome.result()) {
			case DELIVERED -> {
				queue.delivered(delivery, worker, outcome.description(), now);
				log.debug("Subscription {} event {}: {}", delivery.subscriptionId(), delivery.eventId(), outcome.description());
				return true;
			}
			case UNDELIVERABLE -> {
				queue.failed(delivery, worker, outcome.description(), null, now);
				log.warn("Subscription {} event {} dropped: {}", delivery.subscriptionId(), delivery.eventId(),
						outcome.description());
				return true;
			}
			default -> {
				int attempts = delivery.attempts() + 1;
				Long next = attempts >= properties.maxAttempts() ? null : now + properties.backoff(attempts).toMillis();
				queue.failed(delivery, worker, outcome.description(), next, now);
				log.warn("Subscription {} event {}: {} (attempt {}{})", delivery.subscriptionId(), delivery.eventId(),
						outcome.description(), attempts, next == null ? ", dead" : "");
				return false;
			}
		}
	}

	private void purgeWhenDue() {
		long now = clock.millis();
		if (now >= nextPurge) {
			nextPurge = now + properties.purgeInterval().toMillis();
			int purged = queue.purge(now - properties.retention().toMillis(), now - properties.deadRetention().toMillis());
			if (purged > 0) {
				log.info("Purged {} old subscription deliveries", purged);
			}
		}
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return r -> {
			Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}
}
