/**
 * Re-verification against an external register with the NPPES NPI Registry API's shape
 * (v2.1: {@code results[].number}, {@code basic.status}, {@code taxonomies[].code|license|state|primary}):
 * timeouts, retries with backoff and a circuit breaker, on its own schedule, so that a register
 * that fails never holds up imports or matching.
 */
package health.rapport.registry.nppes;
