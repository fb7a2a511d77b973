package health.rapport.security;

import java.util.List;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Demo clients of each kind, with secrets for {@code client_secret_basic}, registered at start in
 * the embedded default so that the README's {@code curl} examples work. Never for production:
 * turn off with {@code rapport.security.demo-clients=false}.
 */
@Component
@ConditionalOnExpression("${rapport.security.embedded-issuer:true} and ${rapport.security.demo-clients:true}")
class DemoClients implements ApplicationRunner {

	static final List<ApiClient> CLIENTS = List.of(
			demo("demo-ehr", ClientKind.EHR, List.of("Organization/demo-ehr-clinic"),
					"system/Patient.cruds system/ServiceRequest.cruds system/Task.cruds system/Condition.cud system/Coverage.cud"
					+ " system/DocumentReference.cud system/Subscription.c system/*.rs"),
			demo("demo-practice", ClientKind.PRACTICE, List.of("prac-000001-role", "prac-000002-role"),
					"system/PractitionerRole.rus system/Task.rus system/ServiceRequest.rs system/Patient.rs system/Subscription.c"
					+ " system/*.rs"),
			demo("demo-regulator", ClientKind.REGULATOR, List.of("US-CA", "US-NY"),
					"system/VerificationResult.cruds system/Subscription.c system/*.rs"),
			demo("demo-admin", ClientKind.ADMIN, List.of(), "system/*.cruds"));

	private final ApiClients clients;
	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	DemoClients(ApiClients clients) {
		this.clients = clients;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (ApiClient client : CLIENTS) {
			if (clients.find(client.clientId()).isEmpty()) {
				clients.save(new ApiClient(client.clientId(), client.kind(), client.actsFor(), client.scopes(), null,
						encoder.encode(client.clientId() + "-secret")));
			}
		}
	}

	private static ApiClient demo(String id, ClientKind kind, List<String> actsFor, String scopes) {
		return new ApiClient(id, kind, actsFor, Set.of(scopes.split(" ")), null, null);
	}
}
