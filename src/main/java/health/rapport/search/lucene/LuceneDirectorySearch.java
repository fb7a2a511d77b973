package health.rapport.search.lucene;

import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.search.DirectoryQueryPlan;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldDocs;

/** A directory search on the embedded index: one pass counts the total and the facets, one finds the page. */
final class LuceneDirectorySearch {

	private static final SortField BY_ID = new SortField(ProviderFields.ID, SortField.Type.STRING);

	private LuceneDirectorySearch() {}

	static DirectoryPage search(IndexSearcher searcher, DirectoryQuery q) throws IOException {
		Query query = LuceneQueries.of(DirectoryQueryPlan.compile(q));
		FacetCounter counter = new FacetCounter();
		searcher.search(query, counter);
		TopFieldDocs top = searcher.search(query, q.offset() + q.limit(), sort(q), false);
		int[] page = Arrays.stream(top.scoreDocs).skip(q.offset()).mapToInt(hit -> hit.doc).toArray();
		List<DirectoryPage.Hit> hits = new ArrayList<>(page.length);
		for (ProviderProfile profile : StoredProfiles.of(searcher, page)) {
			hits.add(DirectoryPage.Hit.of(profile, q.near()));
		}
		return new DirectoryPage(counter.total(), hits, counter.counts());
	}

	private static Sort sort(DirectoryQuery q) {
		return switch (q.sort()) {
			case RELEVANCE -> new Sort(SortField.FIELD_SCORE, BY_ID);
			case DISTANCE -> new Sort(LatLonDocValuesField.newDistanceSort(ProviderFields.SITE, q.near().lat(), q.near().lon()), BY_ID);
			case WAIT -> {
				SortField wait = new SortField(ProviderFields.WAIT_DAYS, SortField.Type.LONG);
				wait.setMissingValue(Long.MAX_VALUE);
				yield new Sort(wait, BY_ID);
			}
		};
	}
}
