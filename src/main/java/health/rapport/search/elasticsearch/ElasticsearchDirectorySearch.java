package health.rapport.search.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.DistanceUnit;
import co.elastic.clients.elasticsearch._types.GeoLocation;
import co.elastic.clients.elasticsearch._types.SortMode;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.search.DirectoryQueryPlan;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory search on Elasticsearch: the compiled query with from/size and the order as sorts,
 * the total tracked exactly, and one terms aggregation per {@link DirectoryFacet} (standard
 * aggregations only: the facet fields are keywords, so nothing needs an analyzer or a script).
 */
final class ElasticsearchDirectorySearch {

	/** More buckets than any facet has values (languages are the most, a few hundred at worst). */
	private static final int FACET_SIZE = 1000;

	private ElasticsearchDirectorySearch() {}

	static DirectoryPage search(ElasticsearchClient client, String alias, DirectoryQuery q) throws IOException {
		SearchRequest.Builder request = new SearchRequest.Builder().index(alias)
				.query(ElasticsearchQueries.of(DirectoryQueryPlan.compile(q))).from(q.offset()).size(q.limit())
				.trackTotalHits(t -> t.enabled(true)).source(src -> src.filter(f -> f.includes(ProviderFields.PROFILE)))
				.sort(sort(q)).sort(s -> s.field(f -> f.field(ProviderFields.ID).order(SortOrder.Asc)));
		for (DirectoryFacet facet : DirectoryFacet.values()) {
			request.aggregations(facet.key(), a -> a.terms(t -> t.field(ProviderFields.facetField(facet)).size(FACET_SIZE)
					.shardSize(FACET_SIZE)));
		}
		SearchResponse<ElasticsearchDocuments.Source> response = client.search(request.build(), ElasticsearchDocuments.Source.class);
		List<DirectoryPage.Hit> hits = new ArrayList<>(response.hits().hits().size());
		for (Hit<ElasticsearchDocuments.Source> hit : response.hits().hits()) {
			hits.add(DirectoryPage.Hit.of(hit.source().decode(), q.near()));
		}
		Map<DirectoryFacet, Map<String, Long>> facets = new EnumMap<>(DirectoryFacet.class);
		for (DirectoryFacet facet : DirectoryFacet.values()) {
			Map<String, Long> counts = new TreeMap<>();
			for (StringTermsBucket bucket : response.aggregations().get(facet.key()).sterms().buckets().array()) {
				counts.put(bucket.key().stringValue(), bucket.docCount());
			}
			facets.put(facet, counts);
		}
		return new DirectoryPage(response.hits().total().value(), hits, facets);
	}

	private static SortOptions sort(DirectoryQuery q) {
		return switch (q.sort()) {
			case RELEVANCE -> SortOptions.of(s -> s.score(sc -> sc.order(SortOrder.Desc)));
			case DISTANCE -> SortOptions.of(s -> s.geoDistance(g -> g.field(ProviderFields.SITE)
					.location(GeoLocation.of(l -> l.latlon(ll -> ll.lat(q.near().lat()).lon(q.near().lon()))))
					.order(SortOrder.Asc).mode(SortMode.Min).unit(DistanceUnit.Meters)));
			case WAIT -> SortOptions.of(s -> s.field(f -> f.field(ProviderFields.WAIT_DAYS).order(SortOrder.Asc).missing("_last")));
		};
	}
}
