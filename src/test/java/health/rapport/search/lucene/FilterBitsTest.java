package health.rapport.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.Clause;
import health.rapport.search.ProviderFields;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.Test;

/** The filters' bit sets: the right roles, and nothing kept for keywords the index does not hold. */
class FilterBitsTest {

	private static final GeoPoint LOS_ANGELES = new GeoPoint(34.05, -118.24);

	private static ProviderProfile role(String id, String jurisdiction, GeoPoint site) {
		return new ProviderProfile(id, "p-" + id, "Name", true, true, Set.of("1041C0700X"), Set.of("1041C0700X"), false,
				Set.of("cbt"), Set.of("cognitive-behavioural"), Set.of("adults"), Set.of("individual"), true, true,
				Map.of("en", 1.0), null, List.of(site), 7, List.of(), Set.of(jurisdiction), Set.of(jurisdiction), null, false);
	}

	@Test
	void acceptsByKeywordAndRadiusAndKeepsOnlyKeywordsTheIndexHolds() throws Exception {
		try (Directory dir = new ByteBuffersDirectory(); IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
			writer.addDocument(ProviderDocuments.of(role("near", "US-CA", LOS_ANGELES), MatchWeights.defaults(), 1));
			writer.addDocument(ProviderDocuments.of(role("far", "US-CA", new GeoPoint(37.77, -122.42)), MatchWeights.defaults(), 1));
			writer.addDocument(ProviderDocuments.of(role("ny", "US-NY", new GeoPoint(40.71, -74.0)), MatchWeights.defaults(), 1));
			writer.commit();
			try (DirectoryReader reader = DirectoryReader.open(dir)) {
				LeafReaderContext leaf = reader.leaves().get(0);
				FilterBits bits = new FilterBits();

				FixedBitSet inCalifornia = bits.accepted(leaf, List.of(new Clause.Term(ProviderFields.PRACTISE_IN, "US-CA")));
				FixedBitSet nearLosAngeles = bits.accepted(leaf, List.of(new Clause.Term(ProviderFields.PRACTISE_IN, "US-CA"),
						new Clause.WithinRadius(ProviderFields.SITE, LOS_ANGELES, 40_000)));
				for (int i = 0; i < 100; i++) {
					assertThat(bits.accepted(leaf, List.of(new Clause.Term(ProviderFields.PRACTISE_IN, "XX-" + i))).cardinality())
							.isZero();
				}

				assertThat(inCalifornia.cardinality()).isEqualTo(2);
				assertThat(nearLosAngeles.cardinality()).isEqualTo(1);
				assertThat(bits.kept()).as("US-CA, and one empty set for every unknown code").isEqualTo(2);
			}
		}
	}
}
