package health.rapport.registry;

import health.rapport.registry.RegisterFile.Format;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Import jobs and the rows each refused (the first {@value #REPORTED} of them, with their lines). */
@Repository
public class ImportJobs {

	public static final int REPORTED = 1000;

	public record Job(String id, String jurisdiction, Format format, boolean atomic, String state, long rowsRead,
			long rowsApplied, long rowsUnchanged, long rowsFailed, long startedAt, Long finishedAt) {}

	public record RowError(long line, String message) {}

	private final JdbcTemplate jdbc;

	public ImportJobs(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Job start(String jurisdiction, Format format, boolean atomic) {
		Job job = new Job(UUID.randomUUID().toString(), jurisdiction, format, atomic, "running", 0, 0, 0, 0,
				System.currentTimeMillis(), null);
		jdbc.update("insert into registry_import_job (id, jurisdiction, format, atomic, state, rows_read, rows_applied,"
				+ " rows_unchanged, rows_failed, started_at) values (?, ?, ?, ?, ?, 0, 0, 0, 0, ?)", job.id(), jurisdiction,
				format.name().toLowerCase(), atomic, job.state(), job.startedAt());
		return job;
	}

	void progress(String id, String state, ImportCounts counts, boolean finished) {
		jdbc.update("update registry_import_job set state = ?, rows_read = ?, rows_applied = ?, rows_unchanged = ?, rows_failed = ?,"
				+ " finished_at = ? where id = ?", state, counts.read(), counts.applied(), counts.unchanged(), counts.failed(),
				finished ? System.currentTimeMillis() : null, id);
	}

	void report(String id, List<RowError> errors) {
		jdbc.batchUpdate("insert into registry_import_error (job_id, line, message) values (?, ?, ?)",
				errors.stream().map(e -> new Object[] {id, e.line(), e.message()}).toList());
	}

	public Optional<Job> get(String jurisdiction, String id) {
		return jdbc.query("select id, jurisdiction, format, atomic, state, rows_read, rows_applied, rows_unchanged, rows_failed,"
				+ " started_at, finished_at from registry_import_job where id = ? and jurisdiction = ?",
				(rs, i) -> new Job(rs.getString(1), rs.getString(2), Format.valueOf(rs.getString(3).toUpperCase()), rs.getBoolean(4),
						rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
						(Long) rs.getObject(11, Long.class)),
				id, jurisdiction).stream().findFirst();
	}

	public List<RowError> errors(String id) {
		return jdbc.query("select line, message from registry_import_error where job_id = ? order by line",
				(rs, i) -> new RowError(rs.getLong(1), rs.getString(2)), id);
	}
}
