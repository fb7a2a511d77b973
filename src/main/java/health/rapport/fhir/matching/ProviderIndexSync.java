package health.rapport.fhir.matching;

import health.rapport.fhir.store.Outbox;
import health.rapport.fhir.store.Outbox.Change;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.ProviderProfile;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the provider index in step with the store. At start, an empty index is rebuilt from the
 * store; then every few hundred milliseconds the outbox's changes are applied (re-projecting
 * each affected role) and acknowledged, so an update reaches matching within a second and none
 * is lost if the process stops in between (the outbox row stays until the index has it).
 */
@Component
public class ProviderIndexSync {

	private static final Logger log = LoggerFactory.getLogger(ProviderIndexSync.class);
	private static final int BATCH = 1000;

	private final Outbox outbox;
	private final ProviderGraph graph;
	private final ProviderIndex index;
	private final AtomicBoolean ready = new AtomicBoolean();

	public ProviderIndexSync(Outbox outbox, ProviderGraph graph, ProviderIndex index) {
		this.outbox = outbox;
		this.graph = graph;
		this.index = index;
	}

	/** After start-up (and the demo data): rebuild an empty or lost index, then follow the outbox. */
	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		if (index.size() == 0) {
			rebuild();
		}
		ready.set(true);
	}

	/** Rebuilds the index from every current role. */
	public synchronized void rebuild() {
		long started = System.currentTimeMillis();
		// Changes committed before the scan starts are in what it reads. (A write still in flight at
		// this instant with a lower seq would be acknowledged unseen; the rebuild runs at start-up,
		// before clients write.)
		long through = outbox.lastSeq();
		index.rebuild(this::allProfiles);
		outbox.acknowledgeThrough(through);
		log.info("Provider index rebuilt from the store: {} roles in {} ms", index.size(), System.currentTimeMillis() - started);
	}

	/** Applies pending changes; returns how many were applied. */
	@Scheduled(fixedDelayString = "${rapport.matching.sync-interval-ms:200}")
	public synchronized int sync() {
		if (!ready.get()) {
			return 0;
		}
		int applied = 0;
		List<Change> changes;
		while (!(changes = outbox.next(BATCH)).isEmpty()) {
			Set<String> roles = new LinkedHashSet<>();
			changes.forEach(c -> roles.addAll(graph.affectedRoles(c)));
			List<ProviderProfile> upserts = new ArrayList<>();
			List<String> deletes = new ArrayList<>();
			for (String role : roles) {
				Optional<ProviderProfile> profile = graph.profile(role);
				profile.ifPresentOrElse(upserts::add, () -> deletes.add(role));
			}
			index.apply(upserts, deletes);
			outbox.acknowledge(changes);
			applied += changes.size();
		}
		return applied;
	}

	private Iterator<ProviderProfile> allProfiles() {
		return new Iterator<>() {
			private final long[] lastPk = {0};
			private Iterator<PractitionerRole> page = List.<PractitionerRole>of().iterator();
			private boolean exhausted;

			@Override
			public boolean hasNext() {
				while (!page.hasNext() && !exhausted) {
					List<PractitionerRole> roles = graph.rolesAfter(lastPk[0], BATCH, lastPk);
					exhausted = roles.isEmpty();
					page = roles.iterator();
				}
				return page.hasNext();
			}

			@Override
			public ProviderProfile next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return graph.profile(page.next());
			}
		};
	}
}
