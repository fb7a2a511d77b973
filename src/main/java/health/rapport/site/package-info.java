/**
 * The public directory site at {@code /}: server-rendered pages (Thymeleaf) over the same
 * {@link health.rapport.matching.ProviderIndex} as the API — search with facets, a listing page,
 * and the "help me find someone" questionnaire, ranked by matching. No scripts, no tracking;
 * nothing a visitor types is stored or logged.
 */
package health.rapport.site;
