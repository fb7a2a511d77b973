package health.rapport.fhir.registry;

import health.rapport.fhir.server.ResourceService;
import health.rapport.registry.Register;
import health.rapport.registry.Register.Stored;
import health.rapport.registry.Registrations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the register's changes to the FHIR side, in order, from a cursor: each batch's
 * VerificationResults and Practitioners, the links it found and the cursor commit in one
 * transaction, so a change is published exactly once even across a crash; the FHIR outbox then
 * carries it to matching. Runs as soon as a change is committed (a status change through the API
 * reaches matching within a second) and on a schedule, which retries after a failure.
 */
@Component
public class RegistrationPublisher {

	private static final Logger log = LoggerFactory.getLogger(RegistrationPublisher.class);
	private static final String CURSOR = "fhir";
	private static final int BATCH = 500;

	private final Register register;
	private final RegistrationResources fhir;
	private final ResourceService resources;
	private final TransactionTemplate transactions;
	private final AtomicBoolean pending = new AtomicBoolean();
	private final ExecutorService now = Executors.newSingleThreadExecutor(r -> {
		Thread thread = new Thread(r, "registration-publisher");
		thread.setDaemon(true);
		return thread;
	});

	RegistrationPublisher(Register register, RegistrationResources fhir, ResourceService resources,
			TransactionTemplate transactions, Registrations registrations) {
		this.register = register;
		this.fhir = fhir;
		this.resources = resources;
		this.transactions = transactions;
		registrations.onChange(this::wake);
		registrations.onStatusChange(this::publishNow);
	}

	/**
	 * A single status change (a suspension, say) goes to the FHIR side at once, ahead of whatever
	 * an import left for the cursor to work through; the cursor reaches it later and finds it done.
	 */
	void publishNow(String jurisdiction, String number) {
		try {
			transactions.executeWithoutResult(tx -> register.get(jurisdiction, number).ifPresent(stored -> {
				List<Resource> writes = linked(stored, fhir.lookUp(List.of(stored)));
				resources.updateAllTrusted(writes);
			}));
		} catch (RuntimeException e) {
			// The cursor still holds the change and publishes it in order.
			log.warn("Publishing a status change at once failed, the publisher will: {}", e.toString());
		}
	}

	/** Publishes on the publisher's own thread at once, so the caller (an API request) does not wait. */
	void wake() {
		if (pending.compareAndSet(false, true)) {
			now.execute(() -> {
				pending.set(false);
				publish();
			});
		}
	}

	/** Publishes every change not yet published; returns how many. */
	@Scheduled(fixedDelayString = "${rapport.registry.publish-interval-ms:500}")
	public synchronized int publish() {
		int published = 0;
		try {
			Integer done;
			// Each run of changes in one transaction with the cursor: read, written, and moved past together.
			while ((done = transactions.execute(tx -> {
				Register.Changed changed = register.changedSince(register.cursor(CURSOR), BATCH);
				if (changed.changes() > 0) {
					RegistrationResources.Lookups lookups = fhir.lookUp(changed.registrations());
					List<Resource> writes = new ArrayList<>();
					changed.registrations().forEach(stored -> writes.addAll(linked(stored, lookups)));
					resources.updateAllTrusted(writes);
					register.moveCursor(CURSOR, changed.lastSeq());
				}
				return changed.changes();
			})) != null && done > 0) {
				published += done;
			}
		} catch (RuntimeException e) {
			// The cursor did not move: the next run retries from the same change.
			log.warn("Publishing registration changes to FHIR failed, will retry: {}", e.toString());
		}
		return published;
	}

	private List<Resource> linked(Stored stored, RegistrationResources.Lookups lookups) {
		List<Resource> writes = fhir.of(stored, lookups);
		String practitioner = RegistrationResources.practitionerOf(writes);
		if (practitioner != null && !practitioner.equals(stored.practitioner())) {
			register.link(stored.registration().jurisdiction(), stored.registration().number(), practitioner);
		}
		return writes;
	}
}
