package health.rapport.search.lucene;

import health.rapport.matching.DirectoryFacet;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Counts every matching document and, per {@link DirectoryFacet}, each value's documents, from
 * the facet fields' sorted-set doc values: per segment by ordinal, turned into terms once per
 * segment. Call {@link #counts()} after the search.
 */
final class FacetCounter extends SimpleCollector {

	private static final DirectoryFacet[] FACETS = DirectoryFacet.values();

	private final Map<DirectoryFacet, Map<String, Long>> counts = new EnumMap<>(DirectoryFacet.class);
	private final SortedSetDocValues[] values = new SortedSetDocValues[FACETS.length];
	private final long[][] byOrdinal = new long[FACETS.length][];
	private long total;

	FacetCounter() {
		for (DirectoryFacet facet : FACETS) {
			counts.put(facet, new TreeMap<>());
		}
	}

	@Override
	protected void doSetNextReader(LeafReaderContext context) throws IOException {
		flush();
		for (int i = 0; i < FACETS.length; i++) {
			values[i] = DocValues.getSortedSet(context.reader(), ProviderFields.facetField(FACETS[i]));
			byOrdinal[i] = new long[Math.toIntExact(values[i].getValueCount())];
		}
	}

	@Override
	public void collect(int doc) throws IOException {
		total++;
		for (int i = 0; i < FACETS.length; i++) {
			if (values[i].advanceExact(doc)) {
				for (int k = 0; k < values[i].docValueCount(); k++) {
					byOrdinal[i][Math.toIntExact(values[i].nextOrd())]++;
				}
			}
		}
	}

	@Override
	public ScoreMode scoreMode() {
		return ScoreMode.COMPLETE_NO_SCORES;
	}

	long total() {
		return total;
	}

	Map<DirectoryFacet, Map<String, Long>> counts() throws IOException {
		flush();
		return counts;
	}

	private void flush() throws IOException {
		for (int i = 0; i < FACETS.length; i++) {
			if (byOrdinal[i] == null) {
				continue;
			}
			for (int ord = 0; ord < byOrdinal[i].length; ord++) {
				if (byOrdinal[i][ord] > 0) {
					counts.get(FACETS[i]).merge(values[i].lookupOrd(ord).utf8ToString(), byOrdinal[i][ord], Long::sum);
				}
			}
			byOrdinal[i] = null;
		}
	}
}
