package health.rapport.search.lucene;

import health.rapport.search.Clause;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The best {@code size} documents of a match query by compiled score, ties by role id: what a
 * {@code Sort(score, id)} search gives, found much faster. The filters are evaluated first into a
 * bit set per segment ({@link FilterBits}); the score clauses, a pure disjunction, are then
 * scored with Lucene's max-score pruning, which skips every document whose best possible score
 * cannot enter the top (a filter-and-score boolean query is scored exhaustively). The pruning
 * re-plans which clauses must match at the start of each window, with the threshold reached so
 * far; the clauses have no blocks of their own (constant scores), so the windows are cut here,
 * each starting at a document the filters accept: with the index sorted by jurisdiction, the
 * scoring reads only the part of the index where the request's jurisdiction lies. The windows
 * are dealt alternately to two halves, scored on two cores when one is free, each into a top of
 * its own that share one threshold; the best of both is the answer.
 */
final class TopCandidates {

	/** Documents per scoring window: the size of Lucene's own inner windows; larger ones measured slower at a million roles. */
	private static final int WINDOW = 1 << 12;

	/** A candidate: top-level doc, float score, role id. */
	record Candidate(int doc, float score, BytesRef id) {}

	/** Worst first: lower score, then the greater id. */
	private static final Comparator<Candidate> WORST_FIRST = Comparator.comparingDouble(Candidate::score)
			.thenComparing(Candidate::id, Comparator.reverseOrder());

	/**
	 * Where the second half of a match is scored when a core is free: at a million roles a match
	 * then took a quarter less time (p50 4.4 → 3.4 ms, p99 11 → 8.6 ms). When it is busy (under
	 * load) the caller scores both halves itself, one after the other.
	 */
	private static final int SPARE = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
	private static final Executor SPARE_CORES = Executors.newFixedThreadPool(SPARE, r -> {
		Thread thread = new Thread(r, "match-half");
		thread.setDaemon(true);
		return thread;
	});
	/** A permit per spare core, held from handing a half over until that half is scored. */
	private static final Semaphore IDLE = new Semaphore(SPARE);

	private TopCandidates() {}

	/** Top-level doc ids of the best {@code size}, best first. */
	static int[] of(IndexSearcher searcher, FilterBits filterBits, List<Clause> filters, Query scores, int size)
			throws IOException {
		Weight scoreWeight = searcher.createWeight(searcher.rewrite(scores), ScoreMode.TOP_SCORES, 1);
		// The worst score of either half's full top: no role below it can be among the best.
		DoubleAccumulator threshold = new DoubleAccumulator(Math::max, Double.NEGATIVE_INFINITY);
		Half first = new Half(scoreWeight, size, threshold);
		Half second = new Half(scoreWeight, size, threshold);
		for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
			FixedBitSet accepted = filterBits.accepted(leaf, filters);
			List<int[]> windows = windows(accepted, leaf.reader().maxDoc());
			// Every other window to each half: the accepted roles cluster (one jurisdiction), so
			// alternate windows share the work more evenly than two contiguous parts would.
			for (int i = 0; i < windows.size(); i++) {
				(i % 2 == 0 ? first : second).add(leaf, accepted, windows.get(i));
			}
		}
		// The second half goes to a spare core if one is idle, else it is scored here after the first
		// (under load, handing it over would only add work).
		boolean handedOver = IDLE.tryAcquire();
		FutureTask<Void> other = new FutureTask<>(() -> {
			try {
				second.score();
			} finally {
				if (handedOver) {
					IDLE.release();
				}
			}
			return null;
		});
		if (handedOver) {
			SPARE_CORES.execute(other);
		}
		first.score();
		other.run();
		await(other);
		List<Candidate> best = new ArrayList<>(first.queue);
		best.addAll(second.queue);
		best.sort(WORST_FIRST.reversed());
		return best.stream().limit(size).mapToInt(Candidate::doc).toArray();
	}

	/**
	 * The windows to score in a segment, each starting at an accepted document: those without any
	 * are not scored at all. A single window is cut in two, so that both halves have work.
	 */
	private static List<int[]> windows(FixedBitSet accepted, int maxDoc) {
		List<int[]> windows = new ArrayList<>();
		for (int min = FilterBits.nextSetBit(accepted, 0); min != DocIdSetIterator.NO_MORE_DOCS; ) {
			int max = Math.min(maxDoc, min + WINDOW);
			windows.add(new int[] {min, max});
			min = FilterBits.nextSetBit(accepted, max);
		}
		if (windows.size() == 1 && windows.get(0)[1] - windows.get(0)[0] > 1) {
			int[] only = windows.remove(0);
			int middle = (only[0] + only[1]) >>> 1;
			windows.add(new int[] {only[0], middle});
			windows.add(new int[] {middle, only[1]});
		}
		return windows;
	}

	private static void await(FutureTask<Void> task) throws IOException {
		try {
			task.get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while matching", e);
		} catch (ExecutionException e) {
			if (e.getCause() instanceof IOException io) {
				throw io;
			}
			throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
		}
	}

	/** Windows of some segments, scored in order into a top of their own. */
	private static final class Half {
		private final Weight weight;
		private final int size;
		private final DoubleAccumulator threshold;
		private final PriorityQueue<Candidate> queue;
		private final List<Segment> segments = new ArrayList<>();

		private record Segment(LeafReaderContext leaf, FixedBitSet accepted, List<int[]> windows) {}

		Half(Weight weight, int size, DoubleAccumulator threshold) {
			this.weight = weight;
			this.size = size;
			this.threshold = threshold;
			this.queue = new PriorityQueue<>(size + 1, WORST_FIRST);
		}

		void add(LeafReaderContext leaf, FixedBitSet accepted, int[] window) {
			if (segments.isEmpty() || segments.get(segments.size() - 1).leaf() != leaf) {
				segments.add(new Segment(leaf, accepted, new ArrayList<>()));
			}
			segments.get(segments.size() - 1).windows().add(window);
		}

		void score() throws IOException {
			for (Segment segment : segments) {
				// A bulk scorer of its own: scorers are not shared between threads.
				BulkScorer bulk = weight.bulkScorer(segment.leaf());
				if (bulk == null) {
					continue;
				}
				LeafCollector collector = collector(segment.leaf(), queue, size, threshold);
				for (int[] window : segment.windows()) {
					bulk.score(collector, segment.accepted(), window[0], window[1]);
				}
			}
		}
	}

	private static LeafCollector collector(LeafReaderContext leaf, PriorityQueue<Candidate> queue, int size,
			DoubleAccumulator threshold) throws IOException {
		SortedDocValues ids = DocValues.getSorted(leaf.reader(), ProviderFields.ID);
		return new LeafCollector() {
			private Scorable scorer;

			@Override
			public void setScorer(Scorable scorer) throws IOException {
				this.scorer = scorer;
				raiseThreshold();
			}

			@Override
			public void collect(int doc) throws IOException {
				float score = scorer.score();
				if (queue.size() == size && score < queue.peek().score()) {
					return;
				}
				if (!ids.advanceExact(doc)) {
					throw new IllegalStateException("Document without a role id");
				}
				Candidate candidate = new Candidate(leaf.docBase + doc, score, ids.lookupOrd(ids.ordValue()));
				if (queue.size() < size) {
					queue.add(copy(candidate));
				} else if (WORST_FIRST.compare(candidate, queue.peek()) > 0) {
					queue.poll();
					queue.add(copy(candidate));
				}
				raiseThreshold();
			}

			/**
			 * Equal scores may still enter on their id: the threshold is the worst score kept, not
			 * above it; or the other half's, when higher.
			 */
			private void raiseThreshold() throws IOException {
				if (queue.size() == size) {
					threshold.accumulate(queue.peek().score());
				}
				double worst = threshold.get();
				if (worst > Double.NEGATIVE_INFINITY) {
					scorer.setMinCompetitiveScore((float) worst);
				}
			}
		};
	}

	private static Candidate copy(Candidate c) {
		return new Candidate(c.doc(), c.score(), BytesRef.deepCopyOf(c.id()));
	}
}
