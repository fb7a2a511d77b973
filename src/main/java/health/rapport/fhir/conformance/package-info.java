/**
 * Rapport's FHIR package: the conformance resources under {@code fhir-profiles/}, published
 * through the FHIR API so that clients can read and search them.
 */
package health.rapport.fhir.conformance;
