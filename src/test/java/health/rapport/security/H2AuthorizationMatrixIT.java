package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.ActiveProfiles;

/**
 * The authorization matrix, from one table: each client kind × resource type × interaction gives
 * the status the running server must answer. The instance is the client's own where ownership
 * applies (its referral, its role, a registration of its jurisdiction); other tenants' records are
 * in {@link H2CrossTenantIT}. "-" marks an interaction the type does not have. The EHR's creates
 * are allowed, and answered as the referral workflow answers them: its Patient posted again (same
 * identifier) is the stored one (200), and a second Task for its referral is 409.
 */
@ActiveProfiles("it")
class H2AuthorizationMatrixIT extends SecurityIT {

	private static final List<String> PHI = List.of("Patient", "ServiceRequest", "Task");

	@ParameterizedTest(name = "{0} on {1}: read {2}, search {3}, update {4}, create {5}, delete {6}")
	@CsvSource(delimiter = '|', textBlock = """
			anonymous | Practitioner        | 200 | 200 | 401 | 401 | 401
			anonymous | PractitionerRole    | 200 | 200 | 401 | 401 | 401
			anonymous | Organization        | 200 | 200 | 401 | 401 | 401
			anonymous | Location            | 200 | 200 | 401 | 401 | 401
			anonymous | HealthcareService   | 200 | 200 | 401 | 401 | 401
			anonymous | Endpoint            | 200 | 200 | 401 | 401 | 401
			anonymous | VerificationResult  | 200 | 200 | 401 | 401 | 401
			anonymous | StructureDefinition | 200 | 200 | -   | -   | -
			anonymous | Patient             | 401 | 401 | 401 | 401 | 401
			anonymous | ServiceRequest      | 401 | 401 | 401 | 401 | 401
			anonymous | Task                | 401 | 401 | 401 | 401 | 401
			ehr       | Practitioner        | 200 | 200 | 403 | 403 | 403
			ehr       | PractitionerRole    | 200 | 200 | 403 | 403 | 403
			ehr       | Organization        | 200 | 200 | 403 | 403 | 403
			ehr       | VerificationResult  | 200 | 200 | 403 | 403 | 403
			ehr       | StructureDefinition | 200 | 200 | -   | -   | -
			ehr       | Patient             | 200 | 200 | 200 | 200 | 200
			ehr       | ServiceRequest      | 200 | 200 | 200 | 201 | 200
			ehr       | Task                | 200 | 200 | 200 | 409 | 200
			practice  | Practitioner        | 200 | 200 | 403 | 403 | 403
			practice  | PractitionerRole    | 200 | 200 | 200 | 403 | 403
			practice  | Location            | 200 | 200 | 403 | 403 | 403
			practice  | VerificationResult  | 200 | 200 | 403 | 403 | 403
			practice  | Patient             | 200 | 200 | 403 | 403 | 403
			practice  | ServiceRequest      | 200 | 200 | 403 | 403 | 403
			practice  | Task                | 200 | 200 | 200 | 403 | 403
			regulator | Practitioner        | 200 | 200 | 403 | 403 | 403
			regulator | PractitionerRole    | 200 | 200 | 403 | 403 | 403
			regulator | VerificationResult  | 200 | 200 | 200 | 201 | 200
			regulator | Patient             | 403 | 403 | 403 | 403 | 403
			regulator | ServiceRequest      | 403 | 403 | 403 | 403 | 403
			regulator | Task                | 403 | 403 | 403 | 403 | 403
			admin     | Practitioner        | 200 | 200 | 200 | 201 | 200
			admin     | PractitionerRole    | 200 | 200 | 200 | 201 | 200
			admin     | Organization        | 200 | 200 | 200 | 201 | 200
			admin     | Location            | 200 | 200 | 200 | 201 | 200
			admin     | HealthcareService   | 200 | 200 | 200 | 201 | 200
			admin     | Endpoint            | 200 | 200 | 200 | 201 | 200
			admin     | VerificationResult  | 200 | 200 | 200 | 201 | 200
			admin     | StructureDefinition | 200 | 200 | -   | -   | -
			admin     | Patient             | 404 | 200 | 200 | 201 | 200
			admin     | ServiceRequest      | 404 | 200 | 200 | 201 | 200
			admin     | Task                | 404 | 200 | 200 | 201 | 200
			""")
	void clientKindOnTypeAnswers(String kind, String type, String read, String search, String update, String create,
			String delete) throws Exception {
		boolean conformance = type.equals("StructureDefinition");
		String id = conformance ? "rapport-verificationresult" : fixture.id(type);
		if (!conformance) {
			store(fixture, PHI.contains(type) ? PHI : List.of(type));
		}
		actAs(kind, fixture);
		List<String> answers = new ArrayList<>();
		answers.add(status(send("GET", "/" + type + "/" + id, null)));
		answers.add(status(send("GET", "/" + type + "?_id=" + id, null)));
		if (conformance) {
			answers.addAll(List.of("-", "-", "-"));
		} else {
			Resource resource = fixture.get(type);
			answers.add(status(send("PUT", "/" + type + "/" + id, json(resource), "Content-Type", JSON)));
			resource.setId((String) null);
			answers.add(status(send("POST", "/" + type, json(resource), "Content-Type", JSON)));
			answers.add(status(send("DELETE", "/" + type + "/" + id, null)));
		}
		assertThat(answers).as("read, search, update, create, delete").containsExactly(read, search, update, create, delete);
	}

	private static String status(HttpResponse<String> response) {
		if (response.statusCode() == 401) {
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
		}
		if (response.statusCode() >= 400) {
			assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"");
		}
		return Integer.toString(response.statusCode());
	}
}
