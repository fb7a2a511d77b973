package health.rapport.fhir.matching;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The admin operation on the provider index, at {@code /actuator/providerindex}: GET shows the
 * index, the changes waiting and the progress of the last rebuild; POST starts a rebuild from the
 * store in the background (a zero-downtime alias switch on Elasticsearch) and returns at once.
 */
@Component
@Endpoint(id = "providerindex")
class ProviderIndexEndpoint {

	private final ProviderIndexSync sync;

	ProviderIndexEndpoint(ProviderIndexSync sync) {
		this.sync = sync;
	}

	@ReadOperation
	Map<String, Object> status() {
		return sync.status();
	}

	@WriteOperation
	Map<String, Object> rebuild() {
		boolean started = sync.rebuildInBackground();
		return Map.of("rebuild", started ? "started" : "already running", "status", "/actuator/providerindex");
	}
}
