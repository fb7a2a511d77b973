package health.rapport.fhir.matching;

import health.rapport.fhir.store.Outbox;
import health.rapport.fhir.store.Outbox.Change;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.ProviderProfile;
import health.rapport.registry.RegimeChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the provider index in step with the store. At start, an empty index is rebuilt from the
 * store; then every few hundred milliseconds the outbox's changes are applied (re-projecting
 * each affected role) and acknowledged, so an update reaches matching within a second and none
 * is lost if the process or the index stops in between: an outbox row stays until the index has
 * it (at least once), and each change is applied at the outbox sequence it was read up to, which
 * the index keeps per role, so a replayed or late change never undoes a newer one. When the index
 * fails (Elasticsearch down), writes to the store go on and the sync retries with a backoff.
 */
@Component
public class ProviderIndexSync {

	private static final Logger log = LoggerFactory.getLogger(ProviderIndexSync.class);
	private static final int BATCH = 1000;
	private static final long MAX_BACKOFF_MS = 30_000;

	private final Outbox outbox;
	private final ProviderGraph graph;
	private final ProviderIndex index;
	private final AtomicBoolean ready = new AtomicBoolean();
	private volatile RebuildProgress rebuild = RebuildProgress.NEVER;
	private volatile int failures;
	private volatile long retryAt;
	private volatile String lastError;
	private volatile long lastAppliedAt;
	private volatile boolean rebuildRequested;
	private volatile Future<?> starting;
	private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
		Thread thread = new Thread(r, "provider-index-rebuild");
		thread.setDaemon(true);
		return thread;
	});

	public ProviderIndexSync(Outbox outbox, ProviderGraph graph, ProviderIndex index) {
		this.outbox = outbox;
		this.graph = graph;
		this.index = index;
	}

	/**
	 * After start-up (and the demo data): an empty or lost index is rebuilt on the index's own
	 * thread, while the other listeners of this event (the register's backfill) run beside it.
	 */
	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	public void start() {
		starting = background.submit(() -> {
			try {
				if (index.size() == 0) {
					rebuild(p -> {});
				}
			} catch (RuntimeException unreachable) {
				// The index is not there yet (Elasticsearch down): the sync retries, and an operator can rebuild.
				failed(unreachable);
			}
		});
	}

	/** The application is ready only with its index: a match before would find no one. Then the outbox is followed. */
	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	public void started() throws InterruptedException, ExecutionException {
		starting.get();
		ready.set(true);
	}

	/**
	 * Rebuilds the index from every current role, reporting progress to {@code progress}. Holds
	 * the sync meanwhile: changes committed during the rebuild wait in the outbox and are applied
	 * after it (matching goes on against the previous content until the new one is in place).
	 */
	public synchronized RebuildProgress rebuild(Consumer<RebuildProgress> progress) {
		// Changes committed before the scan starts are in what it reads, so they are acknowledged; a
		// later one keeps its outbox row and, with its higher sequence, replaces what the scan read.
		long through = outbox.lastSeq();
		rebuild = RebuildProgress.started(graph.roleCount());
		progress.accept(rebuild);
		AtomicLong written = new AtomicLong();
		try {
			index.rebuild(through, counted(graph.allProfiles(), written, progress));
			outbox.acknowledgeThrough(through);
			rebuild = rebuild.finished(written.get());
			log.info("Provider index rebuilt from the store: {} roles in {} ms", rebuild.done(),
					rebuild.finishedAt() - rebuild.startedAt());
		} catch (RuntimeException e) {
			rebuild = rebuild.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
			throw e;
		} finally {
			progress.accept(rebuild);
		}
		return rebuild;
	}

	private Iterable<ProviderProfile> counted(Iterable<ProviderProfile> profiles, AtomicLong written,
			Consumer<RebuildProgress> progress) {
		return () -> new Iterator<>() {
			private final Iterator<ProviderProfile> each = profiles.iterator();

			@Override
			public boolean hasNext() {
				return each.hasNext();
			}

			@Override
			public ProviderProfile next() {
				ProviderProfile next = each.next();
				long done = written.incrementAndGet();
				if (done % 100 == 0) {
					rebuild = rebuild.advanced(done);
					if (done % BATCH == 0) {
						progress.accept(rebuild);
					}
				}
				return next;
			}
		};
	}

	/** Starts a rebuild on a background thread unless one is running; whether it started. */
	public synchronized boolean rebuildInBackground() {
		if (rebuild.running() || rebuildRequested) {
			return false;
		}
		rebuildRequested = true;
		background.submit(() -> {
			try {
				rebuild(progress -> {});
			} catch (RuntimeException failed) {
				// Recorded in the rebuild's progress, which status() shows.
			} finally {
				rebuildRequested = false;
			}
		});
		return true;
	}

	/** A changed regime table moves where practitioners may practise: every role is projected again. */
	@EventListener
	public void regimeChanged(RegimeChanged change) {
		rebuildInBackground();
	}

	/** Applies pending changes; returns how many were applied. */
	@Scheduled(fixedDelayString = "${rapport.matching.sync-interval-ms:200}")
	public synchronized int sync() {
		if (!ready.get() || System.currentTimeMillis() < retryAt) {
			return 0;
		}
		int applied = 0;
		try {
			List<Change> changes;
			while (!(changes = outbox.next(BATCH)).isEmpty()) {
				long version = changes.get(changes.size() - 1).seq();
				Set<String> roles = new LinkedHashSet<>();
				changes.forEach(c -> roles.addAll(graph.affectedRoles(c)));
				List<ProviderProfile> upserts = new ArrayList<>();
				List<String> deletes = new ArrayList<>();
				for (String role : roles) {
					Optional<ProviderProfile> profile = graph.profile(role);
					profile.ifPresentOrElse(upserts::add, () -> deletes.add(role));
				}
				index.apply(version, upserts, deletes);
				outbox.acknowledge(changes);
				applied += changes.size();
				lastAppliedAt = System.currentTimeMillis();
			}
			if (failures > 0) {
				log.info("Provider index reachable again after {} failed attempts", failures);
			}
			failures = 0;
			lastError = null;
		} catch (RuntimeException e) {
			failed(e);
		}
		return applied;
	}

	private void failed(RuntimeException e) {
		failures++;
		long backoff = Math.min(MAX_BACKOFF_MS, 200L << Math.min(failures, 8));
		retryAt = System.currentTimeMillis() + backoff;
		lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
		// Profiles are public directory data, and the message names the index, not a resource's content.
		log.warn("Provider index update failed ({} in a row), retrying in {} ms: {}", failures, backoff, lastError);
	}

	/** The index's details with the sync's state: changes waiting, failures, the last rebuild. */
	public Map<String, Object> status() {
		Map<String, Object> status = new LinkedHashMap<>();
		try {
			status.putAll(index.details());
		} catch (RuntimeException e) {
			status.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
		}
		status.put("pendingChanges", outbox.pending());
		status.put("consecutiveFailures", failures);
		if (lastError != null) {
			status.put("lastError", lastError);
		}
		if (lastAppliedAt > 0) {
			status.put("lastAppliedAt", Instant.ofEpochMilli(lastAppliedAt).toString());
		}
		status.put("rebuild", rebuild.asMap());
		return status;
	}

	/** Whether the index answers and the sync is not failing. */
	public boolean healthy() {
		return failures == 0 && !rebuild.state().equals("failed");
	}

	public RebuildProgress lastRebuild() {
		return rebuild;
	}
}
