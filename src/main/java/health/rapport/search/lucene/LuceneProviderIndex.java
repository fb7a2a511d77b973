package health.rapport.search.lucene;

import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchResult;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.ProviderProfile;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The embedded provider index. Lucene finds the eligible roles and orders them by the compiled
 * score (in float, ties by role id); the best few times {@code count} are then re-scored with
 * {@link MatchScorer} in double, so the ranking and scores are exactly the scorer's.
 */
public final class LuceneProviderIndex implements ProviderIndex, Closeable {

	/** Candidates re-scored per requested result: room for float rounding near the cut. */
	private static final int POOL_FACTOR = 4;
	private static final int POOL_EXTRA = 32;
	private static final Sort BY_SCORE_THEN_ID = new Sort(SortField.FIELD_SCORE, new SortField(ProviderDocuments.ID,
			SortField.Type.STRING));

	private final MatchScorer scorer;
	private final MatchQueryCompiler compiler;
	private final Directory directory;
	private final IndexWriter writer;
	private final SearcherManager searchers;

	private LuceneProviderIndex(MatchScorer scorer, Directory directory) throws IOException {
		this.scorer = scorer;
		this.compiler = new MatchQueryCompiler(scorer.weights());
		this.directory = directory;
		this.writer = new IndexWriter(directory, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
				.setRAMBufferSizeMB(64));
		this.searchers = new SearcherManager(writer, null);
	}

	/**
	 * Opens the index in {@code path}; a corrupt index is discarded and recreated empty (the
	 * caller rebuilds it from the store when {@link #size()} is 0).
	 */
	public static LuceneProviderIndex open(MatchScorer scorer, Path path) {
		try {
			Files.createDirectories(path);
			try {
				return new LuceneProviderIndex(scorer, FSDirectory.open(path));
			} catch (IOException | RuntimeException corrupt) {
				try (var files = Files.list(path)) {
					for (Path file : files.toList()) {
						Files.deleteIfExists(file);
					}
				}
				return new LuceneProviderIndex(scorer, FSDirectory.open(path));
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public void apply(Collection<ProviderProfile> upserts, Collection<String> deletedRoleIds) {
		try {
			for (ProviderProfile p : upserts) {
				writer.updateDocument(new Term(ProviderDocuments.ID, p.roleId()), ProviderDocuments.of(p, scorer.weights()));
			}
			for (String id : deletedRoleIds) {
				writer.deleteDocuments(new Term(ProviderDocuments.ID, id));
			}
			writer.commit();
			searchers.maybeRefreshBlocking();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public void rebuild(Iterable<ProviderProfile> profiles) {
		try {
			writer.deleteAll();
			for (ProviderProfile p : profiles) {
				writer.addDocument(ProviderDocuments.of(p, scorer.weights()));
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
				TopDocs top = searcher.search(compiler.compile(request), count * POOL_FACTOR + POOL_EXTRA, BY_SCORE_THEN_ID, true);
				StoredFields stored = searcher.storedFields();
				List<ProviderProfile> candidates = new ArrayList<>(top.scoreDocs.length);
				for (ScoreDoc hit : top.scoreDocs) {
					BytesRef bytes = stored.document(hit.doc, Set.of(ProviderDocuments.PROFILE))
							.getBinaryValue(ProviderDocuments.PROFILE);
					candidates.add(ProfileCodec.decode(bytes.bytes, bytes.offset, bytes.length));
				}
				return scorer.rank(candidates, request, count);
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
	public void close() throws IOException {
		searchers.close();
		writer.close();
		directory.close();
	}
}
