package health.rapport.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.Fee;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.ProviderProfile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Facet counts by either path (each accepted document's doc values, or a popcount per value) and
 * by the path the cost model picks equal the facet definition applied to the accepted roles.
 */
class FacetCounterTest {

	private static final int ROLES = 3_000;
	private static final String[] LANGUAGES = {"en", "es", "zh", "vi", "fr"};
	private static final String[] MODALITIES = {"cbt", "dbt", "emdr", "act", "play-therapy"};
	private static final String[] JURISDICTIONS = {"US-CA", "US-NY", "GB-ENG", "CA-ON"};

	static Stream<Arguments> sharesAndPaths() {
		List<Arguments> cases = new ArrayList<>();
		for (int oneIn : new int[] {1, 2, 7, 60, 1000}) {
			for (long wordsPerDocument : new long[] {0, FacetCounter.WORDS_PER_DOCUMENT, Long.MAX_VALUE / ROLES}) {
				cases.add(Arguments.of(oneIn, wordsPerDocument));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "one role in {0}, {1} words a document")
	@MethodSource("sharesAndPaths")
	void countsWhatTheFacetDefinitionCountsWhateverShareIsAcceptedAndWhicheverPath(int oneIn, long wordsPerDocument)
			throws Exception {
		Random random = new Random(oneIn);
		List<ProviderProfile> roles = new ArrayList<>();
		for (int i = 0; i < ROLES; i++) {
			roles.add(role(i, random));
		}
		try (Directory dir = new ByteBuffersDirectory(); IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
			for (ProviderProfile p : roles) {
				writer.addDocument(ProviderDocuments.of(p, MatchWeights.defaults(), 1));
			}
			writer.forceMerge(1);
			writer.commit();
			try (DirectoryReader reader = DirectoryReader.open(dir)) {
				LeafReader leaf = reader.leaves().get(0).reader();
				FixedBitSet accepted = new FixedBitSet(leaf.maxDoc());
				List<ProviderProfile> chosen = new ArrayList<>();
				for (int doc = 0; doc < ROLES; doc++) {
					if (random.nextInt(oneIn) == 0) {
						accepted.set(doc);
						chosen.add(roles.get(doc));
					}
				}
				FacetCounter counter = new FacetCounter(new FilterBits(), wordsPerDocument);

				counter.count(leaf, accepted);

				assertThat(counter.total()).isEqualTo(chosen.size());
				assertThat(counter.counts()).isEqualTo(expected(chosen));
			}
		}
	}

	private static Map<DirectoryFacet, Map<String, Long>> expected(List<ProviderProfile> roles) {
		Map<DirectoryFacet, Map<String, Long>> counts = new EnumMap<>(DirectoryFacet.class);
		for (DirectoryFacet facet : DirectoryFacet.values()) {
			Map<String, Long> byValue = new TreeMap<>();
			roles.forEach(p -> facet.valuesOf(p).forEach(v -> byValue.merge(v, 1L, Long::sum)));
			counts.put(facet, byValue);
		}
		return counts;
	}

	private static ProviderProfile role(int i, Random random) {
		Set<String> languages = new HashSet<>(Set.of("en"));
		languages.add(LANGUAGES[random.nextInt(LANGUAGES.length)]);
		Map<String, Double> spoken = new TreeMap<>();
		languages.forEach(l -> spoken.put(l, 1.0));
		String home = JURISDICTIONS[random.nextInt(JURISDICTIONS.length)];
		Set<String> telehealth = new TreeSet<>(List.of(home, JURISDICTIONS[random.nextInt(JURISDICTIONS.length)]));
		Fee fee = random.nextInt(4) == 0 ? null : new Fee(BigDecimal.valueOf(60 + random.nextInt(200)), "USD");
		return new ProviderProfile("r" + i, "p" + i, "Name " + i, true, random.nextBoolean(), Set.of("1041C0700X"),
				Set.of("1041C0700X", "social-worker"), false, Set.of(MODALITIES[random.nextInt(MODALITIES.length)]),
				Set.of("family-" + random.nextInt(3)), Set.of(random.nextBoolean() ? "adults" : "children"),
				Set.of("individual"), random.nextBoolean(), random.nextBoolean(), spoken, null,
				List.of(new GeoPoint(34.05, -118.24)), 7, List.of(), Set.of(home), telehealth, fee, random.nextBoolean());
	}
}
