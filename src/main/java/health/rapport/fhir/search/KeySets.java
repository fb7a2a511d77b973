package health.rapport.fhir.search;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Sorted sets of resource keys as primitive arrays, and their intersection. */
final class KeySets {

	private KeySets() {}

	/** The keys present in every set; each set sorted and distinct. Smallest sets first, so the work stays small. */
	static long[] intersect(List<long[]> sets) {
		List<long[]> bySize = sets.stream().sorted(Comparator.comparingInt(s -> s.length)).toList();
		long[] result = bySize.get(0);
		for (int i = 1; i < bySize.size() && result.length > 0; i++) {
			result = intersect(result, bySize.get(i));
		}
		return result;
	}

	private static long[] intersect(long[] small, long[] large) {
		long[] out = new long[small.length];
		int n = 0;
		for (long key : small) {
			if (Arrays.binarySearch(large, key) >= 0) {
				out[n++] = key;
			}
		}
		return Arrays.copyOf(out, n);
	}

	/** Collects keys as they come from the database. */
	static final class Builder {

		private long[] keys = new long[256];
		private int size;

		void add(long key) {
			if (size == keys.length) {
				keys = Arrays.copyOf(keys, size * 2);
			}
			keys[size++] = key;
		}

		long[] sortedDistinct() {
			long[] sorted = Arrays.copyOf(keys, size);
			Arrays.sort(sorted);
			int n = 0;
			for (int i = 0; i < sorted.length; i++) {
				if (n == 0 || sorted[n - 1] != sorted[i]) {
					sorted[n++] = sorted[i];
				}
			}
			return Arrays.copyOf(sorted, n);
		}
	}
}
