package health.rapport.search.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchResult;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.ProviderProfile;
import health.rapport.search.MatchQueryPlan;
import health.rapport.search.ProviderFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The provider index on Elasticsearch. Matching reads and the sync writes through an alias; a
 * rebuild fills a new index ({@code <alias>-<timestamp>}) with refresh off and no replicas, then
 * moves the alias to it in one atomic alias update and drops the old index, so matching never
 * sees a half-built index. Every write carries the change's version as an external version
 * ({@code external_gte}: a replay at the same version is accepted, an older one refused), so
 * changes delivered twice or out of order leave the newest. As in the Lucene adapter, the engine
 * ranks by the compiled score and the top of that ranking is re-scored with {@link MatchScorer}.
 */
public final class ElasticsearchProviderIndex implements ProviderIndex {

	private static final DateTimeFormatter INDEX_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

	private final ElasticsearchClient client;
	private final MatchScorer scorer;
	private final MatchQueryPlan plan;
	private final ElasticsearchIndexProperties settings;
	private volatile boolean aliasExists;
	private volatile boolean mappingCurrent;

	public ElasticsearchProviderIndex(ElasticsearchClient client, MatchScorer scorer, ElasticsearchIndexProperties settings) {
		this.client = client;
		this.scorer = scorer;
		this.plan = new MatchQueryPlan(scorer.weights());
		this.settings = settings;
	}

	@Override
	public void apply(long version, Collection<ProviderProfile> upserts, Collection<String> deletedRoleIds) {
		if (upserts.isEmpty() && deletedRoleIds.isEmpty()) {
			return;
		}
		try {
			if (!aliasExists && indicesBehindAlias().isEmpty()) {
				// Changes before any rebuild (an empty store at start): an empty index to apply them to.
				String index = newIndexName();
				createIndex(index, settings.replicas(), null);
				client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(index).alias(alias()))));
			}
			aliasExists = true;
			if (!mappingCurrent) {
				// An index built by an older version lacks newer fields and, being strict, would refuse
				// documents that carry them: add them (adding fields to a mapping is always allowed).
				client.indices().putMapping(m -> m.index(alias()).properties(ElasticsearchDocuments.mapping().properties()));
				mappingCurrent = true;
			}
			List<BulkOperation> operations = new ArrayList<>();
			long now = System.currentTimeMillis();
			for (ProviderProfile p : upserts) {
				operations.add(BulkOperation.of(o -> o.index(i -> i.index(alias()).id(p.roleId()).version(version)
						.versionType(VersionType.ExternalGte).document(ElasticsearchDocuments.of(p, scorer.weights(), now)))));
			}
			for (String id : deletedRoleIds) {
				operations.add(BulkOperation.of(o -> o.delete(d -> d.index(alias()).id(id).version(version)
						.versionType(VersionType.ExternalGte))));
			}
			bulk(operations);
			client.indices().refresh(r -> r.index(alias()));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public void rebuild(long version, Iterable<ProviderProfile> profiles) {
		String index = newIndexName();
		try {
			Set<String> old = indicesBehindAlias();
			// Refresh off and no replicas while loading: the fastest bulk load; both come back before the switch.
			createIndex(index, 0, "-1");
			List<BulkOperation> operations = new ArrayList<>(settings.bulkSize());
			long now = System.currentTimeMillis();
			for (ProviderProfile p : profiles) {
				operations.add(BulkOperation.of(o -> o.index(i -> i.index(index).id(p.roleId()).version(version)
						.versionType(VersionType.ExternalGte).document(ElasticsearchDocuments.of(p, scorer.weights(), now)))));
				if (operations.size() == settings.bulkSize()) {
					bulk(operations);
					operations.clear();
				}
			}
			bulk(operations);
			client.indices().putSettings(s -> s.index(index).settings(i -> i.numberOfReplicas(String.valueOf(settings.replicas()))
					.refreshInterval(t -> t.time("1s"))));
			client.indices().refresh(r -> r.index(index));
			// From every index of this alias (not only those seen before: another instance may have
			// rebuilt meanwhile), so that afterwards the alias names exactly one index.
			client.indices().updateAliases(u -> u.actions(a -> a.remove(r -> r.index(alias() + "-*").alias(alias()).mustExist(false)))
					.actions(a -> a.add(add -> add.index(index).alias(alias()))));
			aliasExists = true;
			for (String o : old) {
				client.indices().delete(d -> d.index(o));
			}
		} catch (IOException | RuntimeException e) {
			dropQuietly(index);
			throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
		}
	}

	@Override
	public List<MatchResult> match(MatchRequest request, int count) {
		try {
			SearchResponse<ElasticsearchDocuments.Source> response = client.search(s -> s.index(alias())
					.query(ElasticsearchQueries.of(plan.compile(request))).size(MatchQueryPlan.pool(count))
					.sort(o -> o.score(sc -> sc.order(SortOrder.Desc))).sort(o -> o.field(f -> f.field(ProviderFields.ID)
							.order(SortOrder.Asc)))
					.trackTotalHits(t -> t.enabled(false)).source(src -> src.filter(f -> f.includes(ProviderFields.PROFILE))),
					ElasticsearchDocuments.Source.class);
			List<ProviderProfile> candidates = new ArrayList<>(response.hits().hits().size());
			for (Hit<ElasticsearchDocuments.Source> hit : response.hits().hits()) {
				candidates.add(hit.source().decode());
			}
			return scorer.rank(candidates, request, count);
		} catch (ElasticsearchException e) {
			if (isMissingIndex(e)) {
				return List.of();
			}
			throw e;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public DirectoryPage search(DirectoryQuery query) {
		try {
			return ElasticsearchDirectorySearch.search(client, alias(), query);
		} catch (ElasticsearchException e) {
			if (isMissingIndex(e)) {
				return new DirectoryPage(0, List.of(), Map.of());
			}
			throw e;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public Optional<ProviderProfile> find(String roleId) {
		try {
			var response = client.get(g -> g.index(alias()).id(roleId).sourceIncludes(ProviderFields.PROFILE),
					ElasticsearchDocuments.Source.class);
			return response.found() ? Optional.of(response.source().decode()) : Optional.empty();
		} catch (ElasticsearchException e) {
			if (isMissingIndex(e)) {
				return Optional.empty();
			}
			throw e;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public long size() {
		try {
			return client.count(c -> c.index(alias())).count();
		} catch (ElasticsearchException e) {
			if (isMissingIndex(e)) {
				return 0;
			}
			throw e;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("engine", "elasticsearch");
		details.put("alias", alias());
		try {
			details.put("indices", indicesBehindAlias());
			details.put("cluster", client.cluster().health().status().jsonValue());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		details.put("documents", size());
		return details;
	}

	/** The indices the alias points to: one, or none before the first build. */
	Set<String> indicesBehindAlias() throws IOException {
		try {
			return new TreeSet<>(client.indices().getAlias(a -> a.name(alias())).result().keySet());
		} catch (ElasticsearchException e) {
			if (e.status() == 404) {
				return Set.of();
			}
			throw e;
		}
	}

	private String alias() {
		return settings.indexAlias();
	}

	private String newIndexName() {
		return alias() + "-" + LocalDateTime.now(ZoneOffset.UTC).format(INDEX_SUFFIX);
	}

	private void createIndex(String index, int replicas, String refreshInterval) throws IOException {
		client.indices().create(c -> c.index(index).mappings(ElasticsearchDocuments.mapping()).settings(s -> {
			s.numberOfShards(String.valueOf(settings.shards())).numberOfReplicas(String.valueOf(replicas));
			return refreshInterval == null ? s : s.refreshInterval(t -> t.time(refreshInterval));
		}));
	}

	/**
	 * Sends the operations; an item refused as older than what the index holds (409) is the
	 * versioning doing its job, any other failure fails the whole call so the outbox keeps it.
	 */
	private void bulk(List<BulkOperation> operations) throws IOException {
		if (operations.isEmpty()) {
			return;
		}
		BulkResponse response = client.bulk(BulkRequest.of(b -> b.operations(operations)));
		if (!response.errors()) {
			return;
		}
		for (BulkResponseItem item : response.items()) {
			if (item.error() != null && item.status() != 409) {
				throw new IllegalStateException("Elasticsearch refused %s of %s: %s".formatted(item.operationType().jsonValue(),
						item.id(), item.error().reason()));
			}
		}
	}

	private void dropQuietly(String index) {
		try {
			client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
		} catch (IOException | RuntimeException ignored) {
			// Best effort: a half-built index is never behind the alias, so it is only wasted space.
		}
	}

	private static boolean isMissingIndex(ElasticsearchException e) {
		return e.status() == 404;
	}
}
