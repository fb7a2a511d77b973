package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartScopesTest {

	@ParameterizedTest(name = "{0} grants {2} on {1}: {3}")
	@CsvSource(delimiter = '|', textBlock = """
			system/Task.rus            | Task           | r | true
			system/Task.rus            | Task           | u | true
			system/Task.rus            | Task           | c | false
			system/Task.rus            | Patient        | r | false
			system/*.rs                | Patient        | s | true
			system/*.rs                | Patient        | d | false
			system/*.cruds             | AuditEvent     | d | true
			system/ServiceRequest.read | ServiceRequest | s | true
			system/ServiceRequest.read | ServiceRequest | c | false
			system/Practitioner.write  | Practitioner   | d | true
			system/Practitioner.*      | Practitioner   | c | true
			patient/Task.rus           | Task           | r | false
			user/*.cruds               | Task           | r | false
			system/Task.sr             | Task           | r | false
			system/Task                | Task           | r | false
			""")
	void scopeGrantsLetterOnType(String scope, String type, char letter, boolean granted) {
		assertThat(SmartScopes.grants(List.of(scope), type, letter)).isEqualTo(granted);
	}

	@ParameterizedTest(name = "{0} on {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			ADMIN     | Patient            | COMPARTMENT
			EHR       | Practitioner       | PUBLIC
			PRACTICE  | PractitionerRole   | PUBLIC
			REGULATOR | VerificationResult | PUBLIC
			""")
	void readOfTypeFollowsTheTable(ClientKind kind, String type, AccessPolicy.Rule rule) {
		assertThat(AccessPolicy.rule(kind, type, 'r')).contains(rule);
	}
}
