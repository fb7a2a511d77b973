package health.rapport.search.elasticsearch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider index on Elasticsearch ({@code rapport.elasticsearch.*}); the nodes, credentials
 * and TLS are Spring Boot's standard {@code spring.elasticsearch.*}.
 *
 * @param indexAlias the alias matching reads and writes; the indices behind it are named
 *     {@code <alias>-<timestamp>}, one per rebuild
 * @param shards primary shards of a new index
 * @param replicas replica shards (0 on one node; at least 1 on a cluster)
 * @param apiKey an Elasticsearch API key (base64 "id:key"), sent as {@code Authorization: ApiKey ...}
 * @param bulkSize documents per bulk request
 */
@ConfigurationProperties("rapport.elasticsearch")
public record ElasticsearchIndexProperties(
		@DefaultValue("rapport-providers") String indexAlias,
		@DefaultValue("1") int shards,
		@DefaultValue("0") int replicas,
		String apiKey,
		@DefaultValue("1000") int bulkSize) {}
