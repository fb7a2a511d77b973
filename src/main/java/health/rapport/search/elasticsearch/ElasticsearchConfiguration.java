package health.rapport.search.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import health.rapport.matching.MatchScorer;
import org.apache.http.Header;
import org.apache.http.message.BasicHeader;
import org.springframework.boot.autoconfigure.elasticsearch.RestClientBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Profile {@code elasticsearch}: the provider index on the cluster that Spring Boot's
 * {@code spring.elasticsearch.*} settings name (nodes, basic auth, TLS through an SSL bundle),
 * plus an API key when {@code rapport.elasticsearch.api-key} is set.
 */
@Configuration
@Profile("elasticsearch")
@EnableConfigurationProperties(ElasticsearchIndexProperties.class)
class ElasticsearchConfiguration {

	@Bean
	ElasticsearchProviderIndex providerIndex(ElasticsearchClient client, MatchScorer scorer,
			ElasticsearchIndexProperties settings) {
		return new ElasticsearchProviderIndex(client, scorer, settings);
	}

	@Bean
	RestClientBuilderCustomizer apiKeyAuthentication(ElasticsearchIndexProperties settings) {
		return builder -> {
			if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
				builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + settings.apiKey())});
			}
		};
	}
}
