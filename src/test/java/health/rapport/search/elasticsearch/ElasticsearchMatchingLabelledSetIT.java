package health.rapport.search.elasticsearch;

import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.MatchingLabelledSet;
import health.rapport.matching.ProviderIndex;
import java.io.IOException;

/** The labelled referrals on a real Elasticsearch node: the same rankings as the embedded index. */
class ElasticsearchMatchingLabelledSetIT extends MatchingLabelledSet {

	@Override
	protected ProviderIndex open(String name) {
		return new ElasticsearchProviderIndex(ElasticsearchNode.shared().client(), new MatchScorer(MatchWeights.defaults()),
				new ElasticsearchIndexProperties("labelled-" + name, 1, 0, null, 1000));
	}

	@Override
	protected void dispose(ProviderIndex index) throws IOException {
		String alias = (String) index.details().get("alias");
		ElasticsearchNode.shared().client().indices().delete(d -> d.index(alias + "-*").ignoreUnavailable(true));
	}
}
