package health.rapport.search.lucene;

import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.MatchingLabelledSet;
import health.rapport.matching.ProviderIndex;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The labelled referrals on the embedded Lucene index. */
class LuceneMatchingLabelledSetTest extends MatchingLabelledSet {

	@TempDir
	static Path indexDir;

	@Override
	protected ProviderIndex open(String name) {
		return LuceneProviderIndex.open(new MatchScorer(MatchWeights.defaults()), indexDir.resolve(name));
	}

	@Override
	protected void dispose(ProviderIndex index) throws IOException {
		((LuceneProviderIndex) index).close();
	}
}
