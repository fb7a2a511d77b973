package health.rapport.registry;

import health.rapport.registry.ImportJobs.Job;
import health.rapport.registry.ImportJobs.RowError;
import health.rapport.registry.Register.Change;
import health.rapport.registry.Register.Stored;
import health.rapport.registry.RegisterFile.Format;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a register file as it streams in, a batch of rows at a time ({@link Register#batchSize()}):
 * each batch reads what the register holds for its numbers, then inserts the new, updates the changed,
 * confirms the unchanged (idempotent: importing a file twice changes nothing the second time but
 * the last-verified time) and records every status change. Without {@code atomic} each batch
 * commits on its own and invalid rows are reported; with it, the whole file is one transaction,
 * rolled back when any row is invalid. A number appearing twice in a file: the later row wins.
 */
@Service
public class RegisterImport {

	private final Register register;
	private final ImportJobs jobs;
	private final TransactionTemplate transactions;
	private final List<Runnable> listeners = new ArrayList<>();

	public RegisterImport(Register register, ImportJobs jobs, TransactionTemplate transactions) {
		this.register = register;
		this.jobs = jobs;
		this.transactions = transactions;
	}

	/** Called after each import that changed something (the FHIR publisher subscribes). */
	public void onChange(Runnable listener) {
		listeners.add(listener);
	}

	/** Runs the import to its end; a file whose header cannot be read is refused (IllegalArgumentException) before any job. */
	public Job run(String jurisdiction, InputStream in, Format format, boolean atomic) throws IOException {
		Iterator<RegisterRow> rows = RegisterFile.rows(in, format, jurisdiction);
		Job job = jobs.start(jurisdiction, format, atomic);
		List<RowError> reported = new ArrayList<>();
		ImportCounts counts;
		String state;
		if (atomic) {
			ImportCounts[] all = {ImportCounts.NONE};
			transactions.executeWithoutResult(tx -> {
				all[0] = applyAll(job, rows, reported, false);
				if (all[0].failed() > 0) {
					tx.setRollbackOnly();
				}
			});
			counts = all[0].failed() > 0 ? new ImportCounts(all[0].read(), 0, 0, all[0].failed()) : all[0];
			state = all[0].failed() > 0 ? "rejected" : "done";
			jobs.report(job.id(), reported);
		} else {
			counts = applyAll(job, rows, reported, true);
			state = "done";
		}
		jobs.progress(job.id(), state, counts, true);
		if (counts.applied() > 0) {
			listeners.forEach(Runnable::run);
		}
		return jobs.get(jurisdiction, job.id()).orElseThrow();
	}

	private ImportCounts applyAll(Job job, Iterator<RegisterRow> rows, List<RowError> reported, boolean commitEachBatch) {
		ImportCounts counts = ImportCounts.NONE;
		Map<String, Registration> batch = new LinkedHashMap<>();
		long read = 0;
		long failed = 0;
		while (rows.hasNext()) {
			RegisterRow row = rows.next();
			read++;
			if (row.valid()) {
				batch.put(row.registration().number(), row.registration());
			} else {
				failed++;
				if (reported.size() < ImportJobs.REPORTED) {
					reported.add(new RowError(row.line(), "line " + row.line() + " " + String.join("; ", row.problems())));
				}
			}
			if (batch.size() == register.batchSize() || !rows.hasNext()) {
				ImportCounts done = commitEachBatch ? transactions.execute(tx -> apply(job.jurisdiction(), batch))
						: apply(job.jurisdiction(), batch);
				counts = counts.plus(new ImportCounts(read, done.applied(), done.unchanged(), failed));
				read = 0;
				failed = 0;
				batch.clear();
				if (commitEachBatch) {
					jobs.report(job.id(), reported);
					reported.clear();
					jobs.progress(job.id(), "running", counts, false);
				}
			}
		}
		return counts.plus(new ImportCounts(read, 0, 0, failed));
	}

	private ImportCounts apply(String jurisdiction, Map<String, Registration> batch) {
		if (batch.isEmpty()) {
			return ImportCounts.NONE;
		}
		long now = System.currentTimeMillis();
		Map<String, Stored> existing = register.find(jurisdiction, batch.keySet());
		List<Registration> inserts = new ArrayList<>();
		List<Registration> updates = new ArrayList<>();
		List<String> unchanged = new ArrayList<>();
		List<Change> changes = new ArrayList<>();
		for (Registration r : batch.values()) {
			Stored before = existing.get(r.number());
			if (before == null) {
				inserts.add(r);
			} else if (!before.registration().equals(r)) {
				updates.add(r);
			} else {
				unchanged.add(r.number());
				continue;
			}
			Registration previous = before == null ? null : before.registration();
			if (r.statusDiffers(previous)) {
				changes.add(new Change(0, jurisdiction, r.number(), r.status(), previous == null ? null : previous.status(),
						r.conditions(), r.effectiveDate(), null, "import", now));
			}
		}
		register.insert(inserts, now);
		register.update(updates, now);
		register.confirm(jurisdiction, unchanged, now);
		register.record(changes);
		return new ImportCounts(0, inserts.size() + updates.size(), unchanged.size(), 0);
	}
}
