package health.rapport.fhir.matching;

import health.rapport.security.ApiAccess;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * The admin operation on the provider index, at {@code /actuator/providerindex}: GET shows the
 * index, the changes waiting and the progress of the last rebuild; POST starts a rebuild from the
 * store in the background (a zero-downtime alias switch on Elasticsearch) and returns at once;
 * POST needs an admin client's token.
 */
@Component
@Endpoint(id = "providerindex")
class ProviderIndexEndpoint {

	private final ProviderIndexSync sync;
	private final ApiAccess access;

	ProviderIndexEndpoint(ProviderIndexSync sync, ApiAccess access) {
		this.sync = sync;
		this.access = access;
	}

	@ReadOperation
	Map<String, Object> status() {
		return sync.status();
	}

	/** Admin only; refused with 401/403 (the actuator answers a refusal as its own error). */
	@WriteOperation
	WebEndpointResponse<Map<String, Object>> rebuild() {
		try {
			access.requireAdmin("provider index rebuild");
		} catch (ApiAccess.Denied e) {
			return new WebEndpointResponse<>(Map.of("error", e.getMessage()), e.status());
		}
		boolean started = sync.rebuildInBackground();
		return new WebEndpointResponse<>(Map.of("rebuild", started ? "started" : "already running", "status",
				"/actuator/providerindex"));
	}
}
