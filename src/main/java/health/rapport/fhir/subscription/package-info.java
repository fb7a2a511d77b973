/**
 * FHIR R4 Subscriptions with rest-hook channels on directory resources: when a
 * VerificationResult (a registration's status) or another directory resource changes and matches an
 * active Subscription's criteria, its endpoint is told — the e-Notify that employers and EHRs
 * subscribe to.
 */
package health.rapport.fhir.subscription;
