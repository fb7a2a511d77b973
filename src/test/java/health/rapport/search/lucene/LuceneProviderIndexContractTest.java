package health.rapport.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import health.rapport.matching.Delivery;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.DirectorySort;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchResult;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.Clause;
import health.rapport.search.DirectoryReference;
import health.rapport.search.MatchQueryPlan;
import health.rapport.search.ProfileCodec;
import health.rapport.search.ProviderFields;
import health.rapport.search.ProviderIndexContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.FixedBitSet;

/**
 * The {@link ProviderIndexContract} on the embedded Lucene index, and two properties of its
 * insides:
 *
 * <ul>
 * <li>The compiled query, clause by clause, as $match runs it (the filters' bit sets, then the
 * score clauses as one disjunction): it accepts every role the scorer finds eligible and
 * (away from the edge of the radius, where Lucene's centimetre-quantised coordinates cannot
 * agree with an exact haversine) no other, with the scorer's weighted sum as its score. This
 * catches a wrong clause even when the re-scoring pool hides it.
 * <li>{@link ProfileCodec} decodes what it encoded, since re-scoring reads profiles back from it.
 * </ul>
 */
class LuceneProviderIndexContractTest extends ProviderIndexContract {

	@Override
	protected ProviderIndex open() throws IOException {
		return LuceneProviderIndex.open(SCORER, Files.createTempDirectory("lucene-provider-index"));
	}

	@Override
	protected void dispose(ProviderIndex index) throws IOException {
		Path path = Path.of((String) index.details().get("path"));
		((LuceneProviderIndex) index).close();
		try (Stream<Path> files = Files.walk(path)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	/**
	 * On tens of thousands of roles in several segments, where the search scores window by window
	 * and prunes what cannot reach the top, the ranking is still the scorer's. The generated
	 * directory is copied under new ids with shorter and shorter waits, so that the best roles are
	 * the last written.
	 */
	@Property(tries = 2, shrinking = ShrinkingMode.OFF)
	public void aLargeIndexInSeveralSegmentsRanksLikeTheScorer(@ForAll("directories") List<ProviderProfile> directory,
			@ForAll("asks") List<Ask> asks) throws IOException {
		List<ProviderProfile> large = new ArrayList<>();
		for (int copy = 0; large.size() < 60_000; copy++) {
			for (ProviderProfile p : directory) {
				large.add(copy(p, copy));
			}
		}
		ProviderIndex index = open();
		try {
			// Segments of several scoring windows (2^12 documents each).
			for (int from = 0; from < large.size(); from += 20_000) {
				index.apply(1, large.subList(from, Math.min(large.size(), from + 20_000)), List.of());
			}
			for (Ask ask : asks) {
				assertSameRanking(index.match(ask.request(), ask.count()), SCORER.rank(large, ask.request(), ask.count()), ask);
			}
		} finally {
			dispose(index);
		}
	}

	/**
	 * The directory search over several segments, some of whose documents are deleted (roles
	 * removed, and others replaced by a later version in a later segment): the page, total and
	 * facets are still the reference's over the roles that remain. Written without merges, so that
	 * the deletions stay in the segments instead of being merged away.
	 */
	@Property(tries = 20, shrinking = ShrinkingMode.OFF)
	public void searchOverSegmentsWithDeletionsFindsLikeTheReference(@ForAll("directories") List<ProviderProfile> directory,
			@ForAll("directoryQueries") List<DirectoryQuery> queries) throws IOException {
		IndexWriterConfig config = new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE);
		try (Directory dir = new ByteBuffersDirectory(); IndexWriter writer = new IndexWriter(dir, config)) {
			int third = directory.size() / 3;
			for (List<ProviderProfile> part : List.of(directory.subList(0, third), directory.subList(third, 2 * third),
					directory.subList(2 * third, directory.size()))) {
				for (ProviderProfile p : part) {
					writer.addDocument(ProviderDocuments.of(p, MatchWeights.defaults(), 1));
				}
				writer.commit();
			}
			// Every fifth role removed, every seventh written again: deletions in each segment.
			List<ProviderProfile> remaining = new ArrayList<>();
			for (int i = 0; i < directory.size(); i++) {
				ProviderProfile p = directory.get(i);
				Term id = new Term(ProviderFields.ID, p.roleId());
				if (i % 5 == 0) {
					writer.deleteDocuments(id);
					continue;
				}
				if (i % 7 == 0) {
					writer.updateDocument(id, ProviderDocuments.of(p, MatchWeights.defaults(), 2));
				}
				remaining.add(p);
			}
			writer.commit();
			try (DirectoryReader reader = DirectoryReader.open(dir)) {
				assertThat(reader.leaves()).as("segments").hasSizeGreaterThan(2);
				assertThat(reader.leaves()).as("segments with deletions").filteredOn(l -> l.reader().getLiveDocs() != null)
						.hasSizeGreaterThan(2);
				IndexSearcher searcher = new IndexSearcher(reader);
				FilterBits filterBits = new FilterBits();
				for (DirectoryQuery q : queries) {
					DirectoryPage expected = DirectoryReference.search(remaining, q);
					DirectoryPage actual = LuceneDirectorySearch.search(searcher, filterBits, q);
					assertThat(actual.total()).as("total for %s", q).isEqualTo(expected.total());
					assertThat(actual.facets()).as("facets for %s", q).isEqualTo(expected.facets());
					if (q.sort() != DirectorySort.DISTANCE) {
						assertThat(actual.hits()).as("hits for %s", q).isEqualTo(expected.hits());
					}
				}
			}
		}
	}

	private static ProviderProfile copy(ProviderProfile p, int copy) {
		// Later copies wait less: the best roles are at the far end of their jurisdiction's part of the index.
		Integer wait = p.waitDays() == null ? null : Math.max(0, p.waitDays() + 1000 - copy);
		return new ProviderProfile(p.roleId() + "-" + copy, p.practitionerId(), p.name(), p.active(), p.acceptingNewClients(), p.professions(),
				p.professionFamilies(), p.prescriber(), p.modalities(), p.modalityFamilies(), p.populations(), p.formats(),
				p.inPerson(), p.virtual(), p.languages(), p.gender(), p.sites(), wait, p.registrations(), p.practiseIn(),
				p.telehealthIn(), p.fee(), p.slidingScale());
	}

	@Property(tries = 100)
	public void compiledQueryScoresLikeTheScorer(@ForAll("smallDirectories") List<ProviderProfile> directory,
			@ForAll("requests") MatchRequest request) throws IOException {
		Map<String, Double> expected = new TreeMap<>();
		for (ProviderProfile p : directory) {
			SCORER.score(p, request).ifPresent(r -> expected.put(p.roleId(), unnormalised(r)));
		}
		Set<String> atTheEdge = directory.stream().filter(p -> atTheEdgeOfTheRadius(p, request)).map(ProviderProfile::roleId)
				.collect(Collectors.toSet());
		Map<String, Double> actual = compiledScores(directory, request);

		assertThat(actual.keySet()).as("matches every role eligible for %s", request).containsAll(expected.keySet());
		Set<String> extra = new TreeSet<>(actual.keySet());
		extra.removeAll(expected.keySet());
		assertThat(extra).as("matches only roles eligible for %s", request).isSubsetOf(atTheEdge);
		for (String id : expected.keySet()) {
			if (!atTheEdge.contains(id)) {
				assertThat(actual.get(id)).as("compiled score of %s for %s", id, request).isCloseTo(expected.get(id), within(1e-4));
			}
		}
	}

	/** Within a few metres of the radius, where the index's quantised geometry and the scorer's may differ. */
	private static boolean atTheEdgeOfTheRadius(ProviderProfile p, MatchRequest r) {
		return r.location() != null && r.delivery() != Delivery.VIRTUAL
				&& Math.abs(p.kilometresFrom(r.location()) - r.radiusKm()) < 0.005;
	}

	/** The scorer's weighted sum before normalising: the jurisdiction criterion always applies, with its configured weight. */
	private static double unnormalised(MatchResult r) {
		double share = r.explanations().stream().filter(e -> e.criterion().equals("jurisdiction")).findFirst().orElseThrow()
				.weight();
		return r.score() * MatchWeights.defaults().registration() / share;
	}

	private static Map<String, Double> compiledScores(List<ProviderProfile> directory, MatchRequest request) throws IOException {
		try (Directory dir = new ByteBuffersDirectory(); IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
			for (ProviderProfile p : directory) {
				writer.addDocument(ProviderDocuments.of(p, MatchWeights.defaults(), 1));
			}
			try (DirectoryReader reader = DirectoryReader.open(writer)) {
				// As the index runs it: the filters' bit sets (FilterBits), the score clauses as one disjunction.
				IndexSearcher searcher = new IndexSearcher(reader);
				MatchQueryPlan plan = new MatchQueryPlan(MatchWeights.defaults());
				Clause.Query query = plan.compile(request);
				FilterBits filterBits = new FilterBits();
				List<LeafReaderContext> leaves = reader.leaves();
				List<FixedBitSet> accepted = new ArrayList<>();
				for (LeafReaderContext leaf : leaves) {
					accepted.add(filterBits.accepted(leaf, query.filters()));
				}
				TopDocs top = searcher.search(LuceneQueries.scores(query), directory.size());
				Map<String, Double> scores = new TreeMap<>();
				List<ProviderProfile> profiles = StoredProfiles.of(searcher, top);
				for (int i = 0; i < profiles.size(); i++) {
					int doc = top.scoreDocs[i].doc;
					int leaf = ReaderUtil.subIndex(doc, leaves);
					if (accepted.get(leaf).get(doc - leaves.get(leaf).docBase)) {
						scores.put(profiles.get(i).roleId(), top.scoreDocs[i].score + plan.baseline(request));
					}
				}
				return scores;
			}
		}
	}

	@Property(tries = 500)
	public void codecDecodesWhatItEncoded(@ForAll("profiles") ProviderProfile profile) {
		byte[] bytes = ProfileCodec.encode(profile);

		assertThat(ProfileCodec.decode(bytes, 0, bytes.length)).isEqualTo(profile);
	}

}
