/**
 * The regulators' register: registrations by jurisdiction and number with their status history,
 * bulk import of register files, the change feed, the public check, the regime table, and the
 * publishing of each change to the FHIR side (VerificationResult, the Practitioner's
 * qualification), from where it reaches matching. Owns nothing of FHIR's storage: it writes
 * resources through the FHIR layer's service.
 */
package health.rapport.registry;
