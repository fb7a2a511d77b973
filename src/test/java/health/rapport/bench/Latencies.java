package health.rapport.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles of a set of latencies, in milliseconds. */
final class Latencies {

	private Latencies() {}

	static Map<String, Object> summary(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("requests", sorted.length);
		summary.put("p50_ms", millis(percentile(sorted, 50)));
		summary.put("p95_ms", millis(percentile(sorted, 95)));
		summary.put("p99_ms", millis(percentile(sorted, 99)));
		summary.put("max_ms", millis(sorted[sorted.length - 1]));
		return summary;
	}

	private static long percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	static double millis(long nanos) {
		return Math.round(nanos / 10_000.0) / 100.0;
	}
}
