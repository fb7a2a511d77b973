/**
 * The public directory API at {@code /api/v1} (api-spec/directory-api.yaml): controllers
 * implementing the generated interfaces, over {@link health.rapport.matching.ProviderIndex}.
 * Anonymous and read-only; errors are RFC 9457 problem details.
 */
package health.rapport.directory.api;
