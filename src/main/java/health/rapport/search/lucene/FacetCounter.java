package health.rapport.search.lucene;

import health.rapport.matching.DirectoryFacet;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * Counts the accepted documents and, per {@link DirectoryFacet}, each value's documents, one
 * segment at a time, whichever way is cheaper for the facet: by reading each accepted document's
 * values from the facet field's sorted-set doc values (some tens of nanoseconds a document), or by
 * intersecting the accepted set with each value's kept set in {@link FilterBits} (a popcount over
 * the segment per value, which costs the same whether it counts ten documents or a hundred
 * thousand). Both count each document once per value it has.
 */
final class FacetCounter {

	private static final DirectoryFacet[] FACETS = DirectoryFacet.values();
	/**
	 * How many 64-bit words of popcount cost as much as reading one document's values: measured
	 * at a million roles, reading values was the more expensive by about this factor.
	 */
	static final int WORDS_PER_DOCUMENT = 128;

	private final Map<DirectoryFacet, Map<String, Long>> counts = new EnumMap<>(DirectoryFacet.class);
	private final FilterBits filterBits;
	private final long wordsPerDocument;
	private long total;

	FacetCounter(FilterBits filterBits) {
		this(filterBits, WORDS_PER_DOCUMENT);
	}

	/** @param wordsPerDocument for tests: 0 reads every document's values, a huge number always counts by value */
	FacetCounter(FilterBits filterBits, long wordsPerDocument) {
		this.filterBits = filterBits;
		this.wordsPerDocument = wordsPerDocument;
		for (DirectoryFacet facet : FACETS) {
			counts.put(facet, new TreeMap<>());
		}
	}

	void count(LeafReader reader, FixedBitSet accepted) throws IOException {
		int found = accepted.cardinality();
		total += found;
		if (found == 0) {
			return;
		}
		for (DirectoryFacet facet : FACETS) {
			String field = ProviderFields.facetField(facet);
			Terms values = reader.terms(field);
			if (values == null) {
				continue;
			}
			long popcountWords = values.size() * (long) FixedBitSet.bits2words(reader.maxDoc());
			if (values.size() < 0 || found * wordsPerDocument < popcountWords) {
				countEach(reader, field, accepted, counts.get(facet));
			} else {
				countByValue(reader, field, values, accepted, counts.get(facet));
			}
		}
	}

	long total() {
		return total;
	}

	Map<DirectoryFacet, Map<String, Long>> counts() {
		return counts;
	}

	private static void countEach(LeafReader reader, String field, FixedBitSet accepted, Map<String, Long> counts)
			throws IOException {
		SortedSetDocValues values = DocValues.getSortedSet(reader, field);
		long[] byOrdinal = new long[Math.toIntExact(values.getValueCount())];
		for (int doc = FilterBits.nextSetBit(accepted, 0); doc != DocIdSetIterator.NO_MORE_DOCS;
				doc = FilterBits.nextSetBit(accepted, doc + 1)) {
			if (values.advanceExact(doc)) {
				for (int k = 0; k < values.docValueCount(); k++) {
					byOrdinal[Math.toIntExact(values.nextOrd())]++;
				}
			}
		}
		for (int ord = 0; ord < byOrdinal.length; ord++) {
			if (byOrdinal[ord] > 0) {
				counts.merge(values.lookupOrd(ord).utf8ToString(), byOrdinal[ord], Long::sum);
			}
		}
	}

	private void countByValue(LeafReader reader, String field, Terms terms, FixedBitSet accepted, Map<String, Long> counts)
			throws IOException {
		TermsEnum values = terms.iterator();
		for (BytesRef value = values.next(); value != null; value = values.next()) {
			String term = value.utf8ToString();
			long n = FixedBitSet.intersectionCount(accepted, filterBits.keyword(reader, field, term));
			if (n > 0) {
				counts.merge(term, n, Long::sum);
			}
		}
	}
}
