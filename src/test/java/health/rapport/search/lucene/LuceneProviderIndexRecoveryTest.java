package health.rapport.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.Fee;
import health.rapport.matching.ProviderProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt or outdated index on disk is discarded and opened empty, so the server rebuilds it from the store. */
class LuceneProviderIndexRecoveryTest {

	private static final MatchScorer SCORER = new MatchScorer(MatchWeights.defaults());

	@TempDir
	Path dir;

	private static ProviderProfile profile(String id) {
		return new ProviderProfile(id, "p-" + id, "Name", true, true, Set.of("1041C0700X"), Set.of("1041C0700X"), false,
				Set.of("cbt"), Set.of("cognitive-behavioural"), Set.of("adults"), Set.of("individual"), true, true,
				Map.of("en", 1.0), "female", List.of(), 7, List.of(), Set.of("US-CA"), Set.of("US-CA"),
				new Fee(new BigDecimal("95"), "USD"), true);
	}

	@Test
	void indexSurvivesARestart() throws Exception {
		try (LuceneProviderIndex index = LuceneProviderIndex.open(SCORER, dir)) {
			index.apply(1, List.of(profile("a"), profile("b")), List.of());
		}
		try (LuceneProviderIndex index = LuceneProviderIndex.open(SCORER, dir)) {
			assertThat(index.size()).isEqualTo(2);
			index.apply(2, List.of(), List.of("a"));
			assertThat(index.size()).isEqualTo(1);
		}
	}

	@Test
	void corruptIndexIsDiscardedAndOpensEmpty() throws Exception {
		try (LuceneProviderIndex index = LuceneProviderIndex.open(SCORER, dir)) {
			index.apply(1, List.of(profile("a")), List.of());
		}
		try (var files = Files.list(dir)) {
			for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
				Files.write(file, new byte[] {1, 2, 3, 4});
			}
		}

		try (LuceneProviderIndex index = LuceneProviderIndex.open(SCORER, dir)) {
			assertThat(index.size()).isZero();
			index.rebuild(1, List.of(profile("a"), profile("b"), profile("c")));
			assertThat(index.size()).isEqualTo(3);
		}
	}

	@Test
	void anIndexInAnEarlierLayoutIsDiscardedAndOpensEmpty() throws Exception {
		// As version 1 wrote it: documents, and no layout recorded in the commit.
		try (Directory old = FSDirectory.open(dir); IndexWriter writer = new IndexWriter(old, new IndexWriterConfig())) {
			writer.addDocument(ProviderDocuments.of(profile("a"), MatchWeights.defaults(), 1));
			writer.commit();
		}

		try (LuceneProviderIndex index = LuceneProviderIndex.open(SCORER, dir)) {
			assertThat(index.size()).isZero();
			index.rebuild(1, List.of(profile("a"), profile("b")));
		}
		try (LuceneProviderIndex index = LuceneProviderIndex.open(SCORER, dir)) {
			assertThat(index.size()).isEqualTo(2);
			assertThat(index.find("b")).contains(profile("b"));
		}
	}
}
