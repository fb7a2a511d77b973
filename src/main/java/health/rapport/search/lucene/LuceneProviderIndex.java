package health.rapport.search.lucene;

import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchResult;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.Clause;
import health.rapport.search.MatchQueryPlan;
import health.rapport.search.ProviderFields;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The embedded provider index. Lucene finds the eligible roles and the best of them by the
 * compiled score (in float, ties by role id: {@link TopCandidates}); the best few times
 * {@code count} are then re-scored with {@link MatchScorer} in double, so the ranking and scores
 * are exactly the scorer's.
 */
public final class LuceneProviderIndex implements ProviderIndex, Closeable {

	/**
	 * The document layout, kept in each commit: 3 sorts the index by home jurisdiction, 2 keeps
	 * profiles in binary doc values, 1 kept them in stored fields.
	 */
	static final String FORMAT = "3";
	private static final String FORMAT_KEY = "rapport.format";

	private final MatchScorer scorer;
	private final MatchQueryPlan plan;
	private final Path path;
	private final Directory directory;
	private final IndexWriter writer;
	private final SearcherManager searchers;
	private final FilterBits filterBits = new FilterBits();

	private LuceneProviderIndex(MatchScorer scorer, Path path) throws IOException {
		this.scorer = scorer;
		this.plan = new MatchQueryPlan(scorer.weights());
		this.path = path;
		this.directory = FSDirectory.open(path);
		this.writer = new IndexWriter(directory, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
				.setRAMBufferSizeMB(64).setIndexSort(new Sort(new SortField(ProviderDocuments.HOME, SortField.Type.STRING))));
		this.writer.setLiveCommitData(Map.of(FORMAT_KEY, FORMAT).entrySet());
		this.searchers = new SearcherManager(writer, null);
	}

	/**
	 * Opens the index in {@code path}; a corrupt index, or one written in another {@link #FORMAT},
	 * is discarded and recreated empty (the caller rebuilds it from the store when {@link #size()} is 0).
	 */
	public static LuceneProviderIndex open(MatchScorer scorer, Path path) {
		try {
			Files.createDirectories(path);
			try {
				if (!currentFormat(path)) {
					wipe(path);
				}
				return new LuceneProviderIndex(scorer, path);
			} catch (IOException | RuntimeException corrupt) {
				wipe(path);
				return new LuceneProviderIndex(scorer, path);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Whether the folder holds no index, or one in this layout. */
	private static boolean currentFormat(Path path) throws IOException {
		try (Directory existing = FSDirectory.open(path)) {
			return !DirectoryReader.indexExists(existing)
					|| FORMAT.equals(SegmentInfos.readLatestCommit(existing).getUserData().get(FORMAT_KEY));
		}
	}

	private static void wipe(Path path) throws IOException {
		try (var files = Files.list(path)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	@Override
	public synchronized void apply(long version, Collection<ProviderProfile> upserts, Collection<String> deletedRoleIds) {
		try {
			IndexSearcher current = searchers.acquire();
			try {
				for (ProviderProfile p : upserts) {
					if (versionOf(current, p.roleId()) <= version) {
						writer.updateDocument(new Term(ProviderFields.ID, p.roleId()),
								ProviderDocuments.of(p, scorer.weights(), version));
					}
				}
				for (String id : deletedRoleIds) {
					if (versionOf(current, id) <= version) {
						writer.deleteDocuments(new Term(ProviderFields.ID, id));
					}
				}
			} finally {
				searchers.release(current);
			}
			writer.commit();
			searchers.maybeRefreshBlocking();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The version the role was last written at, or -1 when the index does not hold it. */
	private static long versionOf(IndexSearcher searcher, String roleId) throws IOException {
		TopDocs hit = searcher.search(new TermQuery(new Term(ProviderFields.ID, roleId)), 1);
		if (hit.scoreDocs.length == 0) {
			return -1;
		}
		int doc = hit.scoreDocs[0].doc;
		List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
		LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
		NumericDocValues versions = leaf.reader().getNumericDocValues(ProviderDocuments.VERSION);
		return versions != null && versions.advanceExact(doc - leaf.docBase) ? versions.longValue() : -1;
	}

	@Override
	public synchronized void rebuild(long version, Iterable<ProviderProfile> profiles) {
		try {
			writer.deleteAll();
			for (ProviderProfile p : profiles) {
				writer.addDocument(ProviderDocuments.of(p, scorer.weights(), version));
			}
			writer.commit();
			searchers.maybeRefreshBlocking();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public List<MatchResult> match(MatchRequest request, int count) {
		try {
			IndexSearcher searcher = searchers.acquire();
			try {
				Clause.Query query = plan.compile(request);
				int[] best = TopCandidates.of(searcher, filterBits, query.filters(), LuceneQueries.scores(query),
						MatchQueryPlan.pool(count));
				return scorer.rank(StoredProfiles.of(searcher, best), request, count);
			} finally {
				searchers.release(searcher);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public DirectoryPage search(DirectoryQuery query) {
		try {
			IndexSearcher searcher = searchers.acquire();
			try {
				return LuceneDirectorySearch.search(searcher, filterBits, query);
			} finally {
				searchers.release(searcher);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public Optional<ProviderProfile> find(String roleId) {
		try {
			IndexSearcher searcher = searchers.acquire();
			try {
				TopDocs hit = searcher.search(new TermQuery(new Term(ProviderFields.ID, roleId)), 1);
				if (hit.scoreDocs.length == 0) {
					return Optional.empty();
				}
				return Optional.of(StoredProfiles.of(searcher, hit).get(0));
			} finally {
				searchers.release(searcher);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public long size() {
		try {
			IndexSearcher searcher = searchers.acquire();
			try {
				return searcher.getIndexReader().numDocs();
			} finally {
				searchers.release(searcher);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("engine", "lucene");
		details.put("path", path.toAbsolutePath().normalize().toString());
		details.put("documents", size());
		return details;
	}

	@Override
	public void close() throws IOException {
		searchers.close();
		writer.close();
		directory.close();
	}
}
