package health.rapport.directory.demo;

import health.rapport.directory.demo.ReferenceData.Weighted;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic random draws for the demo directory: the same seed gives the same directory. */
final class Draws {

	private final SplittableRandom random;

	Draws(long seed) {
		this.random = new SplittableRandom(seed);
	}

	boolean chance(double probability) {
		return random.nextDouble() < probability;
	}

	int between(int low, int high) {
		return random.nextInt(low, high + 1);
	}

	double jitter(double amplitude) {
		return (random.nextDouble() * 2 - 1) * amplitude;
	}

	<T> T any(List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	<T> T weighted(List<Weighted<T>> values) {
		double total = 0;
		for (Weighted<T> w : values) {
			total += w.weight();
		}
		double pick = random.nextDouble() * total;
		for (Weighted<T> w : values) {
			pick -= w.weight();
			if (pick < 0) {
				return w.value();
			}
		}
		return values.get(values.size() - 1).value();
	}
}
