package health.rapport.fhir.subscription;

/**
 * A queued delivery: one version of one resource for one subscription.
 *
 * @param seq the queue order; a subscription's deliveries go out in this order
 * @param eventId sent as {@code X-Rapport-Event-Id}, the same on every attempt
 * @param attempts attempts made so far
 */
record Delivery(long seq, String eventId, String subscriptionId, String type, String id, int version, int attempts) {

	/** {@code Task/123/_history/4}, sent as {@code X-Rapport-Resource}. */
	String resource() {
		return type + "/" + id + "/_history/" + version;
	}
}
