package health.rapport.fhir.store;

import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import health.rapport.fhir.store.PendingWrites.NewResource;
import health.rapport.fhir.store.SearchRowWriter.KeyedRow;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Collects the new resources of a transaction and sends them as one JDBC batch per table just
 * before it commits, or earlier when something is about to read. A transaction that creates 500
 * resources makes a dozen database calls instead of thousands. Outside a transaction, inserts go
 * at once.
 */
@Component
class BatchedInserts {

	private final JdbcTemplate jdbc;
	private final SearchRowWriter searchRows;

	BatchedInserts(JdbcTemplate jdbc, SearchRowWriter searchRows) {
		this.jdbc = jdbc;
		this.searchRows = searchRows;
	}

	void add(NewResource resource) {
		PendingWrites pending = pending();
		if (pending == null) {
			write(List.of(resource));
		} else {
			pending.add(resource);
		}
	}

	/** A resource created earlier in this transaction and not yet written, or null. */
	NewResource find(String type, String id) {
		PendingWrites pending = (PendingWrites) TransactionSynchronizationManager.getResource(this);
		return pending == null ? null : pending.find(type, id);
	}

	/** Writes what is pending; every read of the store calls this first. */
	void writePending() {
		PendingWrites pending = (PendingWrites) TransactionSynchronizationManager.getResource(this);
		if (pending != null && !pending.isEmpty()) {
			write(pending.drain());
		}
	}

	private PendingWrites pending() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		PendingWrites pending = (PendingWrites) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			PendingWrites created = new PendingWrites();
			TransactionSynchronizationManager.bindResource(this, created);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					writePending(); // not flush(): TransactionSynchronization has a flush() of its own
				}

				/** Last, so that what other before-commit steps write (a referral's Task) is sent too. */
				@Override
				public int getOrder() {
					return Ordered.LOWEST_PRECEDENCE;
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(BatchedInserts.this);
				}
			});
			pending = created;
		}
		return pending;
	}

	private void write(List<NewResource> resources) {
		List<Object[]> heads = new ArrayList<>();
		List<Object[]> versions = new ArrayList<>();
		List<KeyedRow> rows = new ArrayList<>();
		List<Object[]> changes = new ArrayList<>();
		for (NewResource r : resources) {
			changes.add(new Object[] {r.pk()});
			heads.add(new Object[] {r.pk(), r.type(), r.id(), r.lastUpdated()});
			versions.add(new Object[] {r.pk(), r.type(), r.lastUpdated(), r.json(), r.byPut()});
			rows.addAll(SearchRowWriter.keyed(r.pk(), r.rows()));
		}
		try {
			jdbc.batchUpdate("insert into fhir_resource (pk, res_type, res_id, version, deleted, last_updated)"
					+ " values (?, ?, ?, 1, false, ?)", heads);
		} catch (DuplicateKeyException e) {
			throw new ResourceVersionConflictException("A resource of this transaction was created concurrently by another"
					+ " request; retry");
		}
		jdbc.batchUpdate("insert into fhir_resource_version (res_pk, version, res_type, deleted, last_updated, json,"
				+ " created_by_put) values (?, 1, ?, false, ?, ?, ?)", versions);
		searchRows.insert(rows);
		jdbc.batchUpdate("insert into fhir_outbox (res_pk) values (?)", changes);
	}
}
