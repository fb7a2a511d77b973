package health.rapport.search.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchWeights;
import health.rapport.search.MatchQueryPlan;
import health.rapport.search.ProviderFields;
import java.io.IOException;

/**
 * For the benchmark: the compiled match query sent straight to Elasticsearch, top 10, no source,
 * no re-scoring: the bare query the adapter's overhead is measured against.
 */
public final class BareQuery {

	private final ElasticsearchClient client;
	private final MatchQueryPlan plan = new MatchQueryPlan(MatchWeights.defaults());
	private final String alias;

	public BareQuery(ElasticsearchClient client, String alias) {
		this.client = client;
		this.alias = alias;
	}

	/** Sends the query; returns the hits found. */
	public int search(MatchRequest request) throws IOException {
		return client.search(s -> s.index(alias).query(ElasticsearchQueries.of(plan.compile(request))).size(10)
				.sort(o -> o.score(sc -> sc.order(SortOrder.Desc))).sort(o -> o.field(f -> f.field(ProviderFields.ID)))
				.trackTotalHits(t -> t.enabled(false)).source(src -> src.fetch(false)), Void.class).hits().hits().size();
	}
}
