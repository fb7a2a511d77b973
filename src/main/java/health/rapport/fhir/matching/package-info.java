/**
 * The FHIR side of matching: projecting PractitionerRoles (with their Practitioner, Locations and
 * VerificationResults) into provider profiles, keeping the provider index in step through the
 * outbox, reading a referral into a match request, and {@code ServiceRequest/$match}.
 */
package health.rapport.fhir.matching;
