package health.rapport.search.lucene;

import health.rapport.matching.ProviderProfile;
import health.rapport.search.ProfileCodec;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * Reads the profiles of hits back from their binary doc values. Stored fields would decompress a
 * block of neighbouring documents for each hit, which was a quarter of a match's time.
 */
final class StoredProfiles {

	private StoredProfiles() {}

	/** The profiles of the hits, in their order. */
	static List<ProviderProfile> of(IndexSearcher searcher, TopDocs hits) throws IOException {
		return of(searcher, Arrays.stream(hits.scoreDocs).mapToInt(hit -> hit.doc).toArray());
	}

	/** The profiles of the documents (top-level ids), in the order given. */
	static List<ProviderProfile> of(IndexSearcher searcher, int[] docs) throws IOException {
		// Doc values are read forwards only: visit the hits in document order.
		Integer[] order = new Integer[docs.length];
		Arrays.setAll(order, i -> i);
		Arrays.sort(order, Comparator.comparingInt(i -> docs[i]));
		List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
		ProviderProfile[] profiles = new ProviderProfile[docs.length];
		int leaf = -1;
		BinaryDocValues values = null;
		for (int i : order) {
			int at = ReaderUtil.subIndex(docs[i], leaves);
			if (at != leaf) {
				leaf = at;
				values = DocValues.getBinary(leaves.get(at).reader(), ProviderFields.PROFILE);
			}
			if (!values.advanceExact(docs[i] - leaves.get(at).docBase)) {
				throw new IllegalStateException("Document " + docs[i] + " has no profile");
			}
			BytesRef bytes = values.binaryValue();
			profiles[i] = ProfileCodec.decode(bytes.bytes, bytes.offset, bytes.length);
		}
		return new ArrayList<>(Arrays.asList(profiles));
	}
}
