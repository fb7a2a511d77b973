/** The embedded {@link health.rapport.matching.ProviderIndex}: Apache Lucene, on disk under {@code ./data}. */
package health.rapport.search.lucene;
