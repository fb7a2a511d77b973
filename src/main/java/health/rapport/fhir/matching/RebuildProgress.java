package health.rapport.fhir.matching;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far a rebuild of the provider index has got: roles written out of the roles in the store.
 * Immutable; the sync publishes a new one as the rebuild advances.
 */
public record RebuildProgress(String state, long done, long total, long startedAt, long finishedAt, String error) {

	public static final RebuildProgress NEVER = new RebuildProgress("never", 0, 0, 0, 0, null);

	static RebuildProgress started(long total) {
		return new RebuildProgress("running", 0, total, System.currentTimeMillis(), 0, null);
	}

	RebuildProgress advanced(long done) {
		return new RebuildProgress(state, done, total, startedAt, 0, null);
	}

	RebuildProgress finished(long written) {
		return new RebuildProgress("done", written, written, startedAt, System.currentTimeMillis(), null);
	}

	RebuildProgress failed(String error) {
		return new RebuildProgress("failed", done, total, startedAt, System.currentTimeMillis(), error);
	}

	public boolean running() {
		return state.equals("running");
	}

	/** Roles written per second so far. */
	public double rate() {
		long elapsed = (finishedAt == 0 ? System.currentTimeMillis() : finishedAt) - startedAt;
		return elapsed <= 0 ? 0 : done * 1000.0 / elapsed;
	}

	/** One line for a terminal: "Rebuilding the provider index: 12,000 / 100,000 roles (12%), 8,400 roles/s". */
	public String line() {
		long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
		return "Rebuilding the provider index: %,d / %,d roles (%d%%), %,.0f roles/s".formatted(done, total, percent, rate());
	}

	Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("state", state);
		map.put("done", done);
		map.put("total", total);
		if (startedAt > 0) {
			map.put("rolesPerSecond", Math.round(rate()));
		}
		if (error != null) {
			map.put("error", error);
		}
		return map;
	}
}
