package health.rapport.search.lucene;

import health.rapport.search.Clause;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
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
 * scoring reads only the part of the index where the request's jurisdiction lies.
 */
final class TopCandidates {

	/** Documents per scoring window: the size of Lucene's own inner windows; larger ones measured slower at a million roles. */
	private static final int WINDOW = 1 << 12;

	/** A candidate: top-level doc, float score, role id. */
	record Candidate(int doc, float score, BytesRef id) {}

	/** Worst first: lower score, then the greater id. */
	private static final Comparator<Candidate> WORST_FIRST = Comparator.comparingDouble(Candidate::score)
			.thenComparing(Candidate::id, Comparator.reverseOrder());

	private TopCandidates() {}

	/** Top-level doc ids of the best {@code size}, best first. */
	static int[] of(IndexSearcher searcher, FilterBits filterBits, List<Clause> filters, Query scores, int size)
			throws IOException {
		Weight scoreWeight = searcher.createWeight(searcher.rewrite(scores), ScoreMode.TOP_SCORES, 1);
		PriorityQueue<Candidate> queue = new PriorityQueue<>(size + 1, WORST_FIRST);
		for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
			BulkScorer bulk = scoreWeight.bulkScorer(leaf);
			if (bulk == null) {
				continue;
			}
			FixedBitSet accepted = filterBits.accepted(leaf, filters);
			LeafCollector collector = collector(leaf, queue, size);
			int maxDoc = leaf.reader().maxDoc();
			// Windows start at an accepted document: those without any are not scored at all.
			for (int min = FilterBits.nextSetBit(accepted, 0); min != DocIdSetIterator.NO_MORE_DOCS; ) {
				int max = Math.min(maxDoc, min + WINDOW);
				bulk.score(collector, accepted, min, max);
				min = FilterBits.nextSetBit(accepted, max);
			}
		}
		List<Candidate> best = new ArrayList<>(queue);
		best.sort(WORST_FIRST.reversed());
		return best.stream().mapToInt(Candidate::doc).toArray();
	}

	private static LeafCollector collector(LeafReaderContext leaf, PriorityQueue<Candidate> queue, int size)
			throws IOException {
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

			/** Equal scores may still enter on their id: the threshold is the worst score kept, not above it. */
			private void raiseThreshold() throws IOException {
				if (queue.size() == size) {
					scorer.setMinCompetitiveScore(queue.peek().score());
				}
			}
		};
	}

	private static Candidate copy(Candidate c) {
		return new Candidate(c.doc(), c.score(), BytesRef.deepCopyOf(c.id()));
	}
}
