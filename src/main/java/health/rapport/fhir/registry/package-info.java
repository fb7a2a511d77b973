/**
 * The register on the FHIR side: each registration change becomes the regulator's
 * VerificationResult and the status on the Practitioner's qualification, from where the outbox
 * carries it to matching; and the register learns the demo directory's registrations at start.
 */
package health.rapport.fhir.registry;
