package health.rapport.search.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import health.rapport.matching.MatchResult;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.ProviderIndexContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.jqwik.api.Example;

/**
 * The {@link ProviderIndexContract} on a real Elasticsearch node, and what only this adapter
 * does: versioned indices behind an alias, switched atomically by a rebuild while matching goes on.
 */
class ElasticsearchProviderIndexIT extends ProviderIndexContract {

	private static final AtomicInteger INDICES = new AtomicInteger();

	private final ElasticsearchClient client = ElasticsearchNode.shared().client();

	@Override
	protected ProviderIndex open() {
		return index("contract-" + INDICES.incrementAndGet());
	}

	@Override
	protected void dispose(ProviderIndex index) throws IOException {
		String alias = (String) index.details().get("alias");
		client.indices().delete(d -> d.index(alias + "-*").ignoreUnavailable(true).allowNoIndices(true));
	}

	private ElasticsearchProviderIndex index(String alias) {
		return new ElasticsearchProviderIndex(client, SCORER, new ElasticsearchIndexProperties(alias, 1, 0, null, 1000));
	}

	@Example
	void aRebuildSwitchesTheAliasAtomicallyWhileMatchingGoesOn() throws Exception {
		ElasticsearchProviderIndex index = index("switch-" + INDICES.incrementAndGet());
		try {
			List<ProviderProfile> first = IntStream.range(0, 300).mapToObj(i -> anyone("r%03d".formatted(i), "first")).toList();
			index.rebuild(1, first);
			Set<String> before = index.indicesBehindAlias();

			AtomicBoolean rebuilding = new AtomicBoolean(true);
			ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
			List<Throwable> failures = new ArrayList<>();
			Thread matcher = new Thread(() -> {
				while (rebuilding.get()) {
					try {
						List<MatchResult> results = index.match(anyoneInCalifornia(), 10);
						seen.add(results.size() + ":" + results.get(0).provider().name());
					} catch (Throwable e) {
						failures.add(e);
					}
				}
			});
			matcher.start();
			index.rebuild(2, IntStream.range(0, 3000).mapToObj(i -> anyone("r%04d".formatted(i), "second")).toList());
			rebuilding.set(false);
			matcher.join();

			Set<String> after = index.indicesBehindAlias();
			assertThat(failures).as("matching during the rebuild").isEmpty();
			assertThat(seen).as("every answer during the rebuild came whole from one index").isNotEmpty()
					.allMatch(s -> s.equals("10:first") || s.equals("10:second"));
			assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
			assertThat(client.indices().exists(e -> e.index(List.copyOf(before))).value()).as("old index dropped").isFalse();
			assertThat(index.size()).isEqualTo(3000);
			assertThat(index.match(anyoneInCalifornia(), 1).get(0).provider().name()).isEqualTo("second");
		} finally {
			dispose(index);
		}
	}

	@Example
	void theMappingIsExplicitAndStrict() throws IOException {
		ElasticsearchProviderIndex index = index("mapping-" + INDICES.incrementAndGet());
		try {
			index.rebuild(1, List.of(anyone("a", "A")));
			String concrete = index.indicesBehindAlias().iterator().next();
			var mapping = client.indices().getMapping(m -> m.index(concrete)).get(concrete).mappings();

			assertThat(mapping.dynamic().jsonValue()).isEqualTo("strict");
			assertThat(mapping.properties().get("site").isGeoPoint()).isTrue();
			assertThat(mapping.properties().get("wait").isDate()).isTrue();
			assertThat(mapping.properties().get("wait_days").isInteger()).isTrue();
			assertThat(mapping.properties().get("name").isText()).isTrue();
			assertThat(mapping.properties().get("modality").isKeyword()).isTrue();
		} finally {
			dispose(index);
		}
	}
}
