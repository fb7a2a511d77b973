package health.rapport.security;

import health.rapport.fhir.FhirIT;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the security tests: Patient, ServiceRequest and Task are served, and each test has a
 * tenant ({@link #fixture}) with clients of each kind acting for it.
 */
@TestPropertySource(properties = "rapport.fhir.resource-types=Practitioner,PractitionerRole,Organization,Location,"
		+ "HealthcareService,Endpoint,VerificationResult,StructureDefinition,CodeSystem,ValueSet,SearchParameter,"
		+ "OperationDefinition,Patient,ServiceRequest,Task")
abstract class SecurityIT extends FhirIT {

	protected SecurityFixture fixture;

	@BeforeEach
	void tenant() {
		fixture = new SecurityFixture(CLIENT_CONTEXT, run, "US-CA");
	}

	/** Acts as a client of {@code kind} for {@code tenant} (anonymous, ehr, practice, regulator, admin). */
	protected void actAs(String kind, SecurityFixture tenant) throws Exception {
		switch (kind) {
			case "anonymous" -> anonymous();
			case "admin" -> token = tokenFor(ADMIN, ClientKind.ADMIN, List.of(), "system/*.cruds");
			default -> {
				ClientKind clientKind = ClientKind.of(kind);
				List<String> actsFor = switch (clientKind) {
					case EHR -> List.of(tenant.ehrOrganization());
					case PRACTICE -> List.of(tenant.role());
					default -> List.of(tenant.jurisdiction);
				};
				actAs(kind + "-" + tenant.suffix, clientKind, actsFor, demoScopes(clientKind));
			}
		}
	}

	/** Stores the tenant's resources of {@code types} as the admin (update-as-create: also restores deleted ones). */
	protected void store(SecurityFixture tenant, List<String> types) throws Exception {
		String previous = token;
		token = tokenFor(ADMIN, ClientKind.ADMIN, List.of(), "system/*.cruds");
		for (String type : types) {
			HttpResponse<String> response = send("PUT", "/" + type + "/" + tenant.id(type), json(tenant.get(type)),
					"Content-Type", JSON);
			if (response.statusCode() >= 300) {
				throw new IllegalStateException("Fixture " + type + ": " + response.statusCode() + " " + response.body());
			}
		}
		token = previous;
	}

	static String demoScopes(ClientKind kind) {
		return DemoClients.CLIENTS.stream().filter(c -> c.kind() == kind).findFirst().orElseThrow().scopes().stream()
				.sorted().reduce((a, b) -> a + " " + b).orElseThrow();
	}
}
