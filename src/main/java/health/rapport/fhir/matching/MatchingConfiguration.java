package health.rapport.fhir.matching;

import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.PractiseRights;
import health.rapport.search.lucene.LuceneProviderIndex;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration
@EnableScheduling
@EnableConfigurationProperties(MatchWeights.class)
class MatchingConfiguration {

	@Bean
	MatchScorer matchScorer(MatchWeights weights) {
		return new MatchScorer(weights);
	}

	@Bean
	PractiseRights practiseRights() {
		return PractiseRights.load();
	}

	/** The embedded default; profile elasticsearch brings its own (search.elasticsearch). */
	@Bean(destroyMethod = "close")
	@Profile("!elasticsearch")
	LuceneProviderIndex providerIndex(MatchScorer scorer,
			@Value("${rapport.matching.index-dir:./data/index/providers}") Path directory) {
		return LuceneProviderIndex.open(scorer, directory);
	}
}
