/**
 * FHIR R4 Subscriptions with rest-hook channels: when a resource changes and matches a live
 * Subscription's criteria, a delivery is queued in the same transaction and a worker POSTs it to
 * the endpoint, at least once, in order per subscription, with retries and a dead letter — the
 * e-Notify that employers and EHRs subscribe to. PHI (referrals, Tasks) reaches only
 * Subscriptions whose owning client may see it.
 */
package health.rapport.fhir.subscription;
