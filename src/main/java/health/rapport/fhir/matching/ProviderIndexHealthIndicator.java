package health.rapport.fhir.matching;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health "providerIndex" (part of readiness): up while the index answers and the sync keeps up,
 * with its details (engine, documents, changes waiting, the last rebuild); down while the index
 * is unreachable, so a load balancer stops sending matches to an instance that cannot answer.
 */
@Component
class ProviderIndexHealthIndicator extends AbstractHealthIndicator {

	private final ProviderIndexSync sync;

	ProviderIndexHealthIndicator(ProviderIndexSync sync) {
		super("Provider index health check failed");
		this.sync = sync;
	}

	@Override
	protected void doHealthCheck(Health.Builder health) {
		var status = sync.status();
		health.withDetails(status);
		if (sync.healthy() && !status.containsKey("error")) {
			health.up();
		} else {
			health.down();
		}
	}
}
