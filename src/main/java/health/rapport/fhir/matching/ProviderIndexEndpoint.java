package health.rapport.fhir.matching;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
	private final ExecutorService rebuilds = Executors.newSingleThreadExecutor(r -> {
		Thread thread = new Thread(r, "provider-index-rebuild");
		thread.setDaemon(true);
		return thread;
	});

	ProviderIndexEndpoint(ProviderIndexSync sync) {
		this.sync = sync;
	}

	@ReadOperation
	Map<String, Object> status() {
		return sync.status();
	}

	@WriteOperation
	synchronized Map<String, Object> rebuild() {
		if (!sync.lastRebuild().running()) {
			rebuilds.submit(() -> {
				try {
					sync.rebuild(progress -> {});
				} catch (RuntimeException failed) {
					// Recorded in the rebuild's progress, which status() shows.
				}
			});
		}
		return Map.of("rebuild", "started", "status", "/actuator/providerindex");
	}
}
