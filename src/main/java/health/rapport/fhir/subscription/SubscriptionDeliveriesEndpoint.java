package health.rapport.fhir.subscription;

import health.rapport.security.ApiAccess;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * The delivery queue for admins, at {@code GET /actuator/subscriptiondeliveries}: rows by status
 * (pending, delivered, dead), overall and per subscription id. Needs an admin client's token.
 */
@Component
@Endpoint(id = "subscriptiondeliveries")
class SubscriptionDeliveriesEndpoint {

	private final DeliveryQueue queue;
	private final ApiAccess access;

	SubscriptionDeliveriesEndpoint(DeliveryQueue queue, ApiAccess access) {
		this.queue = queue;
		this.access = access;
	}

	@ReadOperation
	WebEndpointResponse<Map<String, Object>> counts() {
		try {
			access.requireAdmin("subscription deliveries");
		} catch (ApiAccess.Denied e) {
			return new WebEndpointResponse<>(Map.of("error", e.getMessage()), e.status());
		}
		return new WebEndpointResponse<>(queue.counts());
	}
}
