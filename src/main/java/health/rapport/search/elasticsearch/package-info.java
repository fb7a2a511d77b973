/**
 * The {@link health.rapport.matching.ProviderIndex} on Elasticsearch (profile {@code elasticsearch}),
 * for deployments that outgrow one machine: versioned indices behind an alias, externally
 * versioned writes, and the same query as the embedded Lucene index, translated from
 * {@link health.rapport.search.MatchQueryPlan}.
 */
package health.rapport.search.elasticsearch;
