package health.rapport.search.lucene;

import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.Clause;
import health.rapport.search.Clause.Constant;
import health.rapport.search.Clause.Term;
import health.rapport.search.DirectoryQueryPlan;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.util.FixedBitSet;

/**
 * A directory search on the embedded index, one pass per segment: the filters become the
 * segment's accepted set ({@link FilterBits}), which gives the total and the facet counts
 * ({@link FacetCounter}), and its documents are offered to a sorted top collector for the page.
 * Relevance is the weight of the name's words a role has, as {@link DirectoryQueryPlan} says.
 */
final class LuceneDirectorySearch {

	private static final SortField BY_ID = new SortField(ProviderFields.ID, SortField.Type.STRING);

	private LuceneDirectorySearch() {}

	static DirectoryPage search(IndexSearcher searcher, FilterBits filterBits, DirectoryQuery q) throws IOException {
		Clause.Query plan = DirectoryQueryPlan.compile(q);
		FacetCounter counter = new FacetCounter(filterBits);
		int pageEnd = q.offset() + q.limit();
		// The total is counted here, not by the collector: it may skip what cannot enter the page.
		TopFieldCollector top = new TopFieldCollectorManager(sort(q, !plan.scores().isEmpty()), pageEnd, null, pageEnd, false)
				.newCollector();
		for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
			FixedBitSet accepted = filterBits.accepted(leaf, plan.filters());
			counter.count(leaf.reader(), accepted);
			try {
				offer(top.getLeafCollector(leaf), accepted, relevance(leaf, plan.scores(), filterBits));
			} catch (CollectionTerminatedException e) {
				// The collector has all it needs from this segment (as IndexSearcher allows it to say).
			}
		}
		int[] page = Arrays.stream(top.topDocs().scoreDocs).skip(q.offset()).mapToInt(hit -> hit.doc).toArray();
		List<DirectoryPage.Hit> hits = new ArrayList<>(page.length);
		for (ProviderProfile profile : StoredProfiles.of(searcher, page)) {
			hits.add(DirectoryPage.Hit.of(profile, q.near()));
		}
		return new DirectoryPage(counter.total(), hits, counter.counts());
	}

	/** Each score clause (a weighted keyword) as its documents in the segment. */
	private record Weighted(FixedBitSet docs, float weight) {}

	private static List<Weighted> relevance(LeafReaderContext leaf, List<Clause> scores, FilterBits filterBits)
			throws IOException {
		List<Weighted> weighted = new ArrayList<>(scores.size());
		for (Clause clause : scores) {
			if (!(clause instanceof Constant c && c.clause() instanceof Term t)) {
				throw new IllegalArgumentException("A directory search scores keywords only, not " + clause);
			}
			weighted.add(new Weighted(filterBits.keyword(leaf.reader(), t.field(), t.value()), (float) c.boost()));
		}
		return weighted;
	}

	private static void offer(LeafCollector collector, FixedBitSet accepted, List<Weighted> relevance) throws IOException {
		int[] current = {-1};
		collector.setScorer(new Scorable() {
			@Override
			public float score() {
				float score = 0;
				for (Weighted w : relevance) {
					if (w.docs().get(current[0])) {
						score += w.weight();
					}
				}
				return score;
			}

			@Override
			public int docID() {
				return current[0];
			}
		});
		// The collector's own pruning, as Lucene's bulk scorer uses it: once the page is full, the
		// sort may only let through documents that could still enter it (by id, say).
		DocIdSetIterator competitive = collector.competitiveIterator();
		int doc = FilterBits.nextSetBit(accepted, 0);
		while (doc != DocIdSetIterator.NO_MORE_DOCS) {
			if (competitive != null) {
				int next = competitive.docID() >= doc ? competitive.docID() : competitive.advance(doc);
				if (next != doc) {
					doc = next == DocIdSetIterator.NO_MORE_DOCS ? next : FilterBits.nextSetBit(accepted, next);
					continue;
				}
			}
			current[0] = doc;
			collector.collect(doc);
			doc = FilterBits.nextSetBit(accepted, doc + 1);
		}
		collector.finish();
	}

	/** Without words to score, relevance is a tie throughout, and the order the ids': a sort by id, which can skip. */
	private static Sort sort(DirectoryQuery q, boolean scored) {
		return switch (q.sort()) {
			case RELEVANCE -> scored ? new Sort(SortField.FIELD_SCORE, BY_ID) : new Sort(BY_ID);
			case DISTANCE -> new Sort(LatLonDocValuesField.newDistanceSort(ProviderFields.SITE, q.near().lat(), q.near().lon()), BY_ID);
			case WAIT -> {
				SortField wait = new SortField(ProviderFields.WAIT_DAYS, SortField.Type.LONG);
				wait.setMissingValue(Long.MAX_VALUE);
				yield new Sort(wait, BY_ID);
			}
		};
	}
}
