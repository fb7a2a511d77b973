/**
 * The directory: practitioners, their roles (what they offer, to whom, where), practices,
 * locations, services and endpoints, in Rapport's FHIR vocabulary; and the deterministic
 * synthetic directory that demos, tests and benchmarks load.
 */
package health.rapport.directory;
