package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.ActiveProfiles;

/**
 * The package's custom search parameters, each answered by the server, on the package's valid
 * examples: a psychologist in US-CA (CBT, TF-CBT, EMDR; adolescents and adults; in person and
 * virtual; English and Spanish) and a counselor in US-NY (art, play and person-centred therapy;
 * children and adolescents; individual and family; in person; English and ASL).
 */
@ActiveProfiles("it")
class H2ProfileSearchIT extends FhirIT {

	private static final String ROLES = "&_id=example-psychologist-role,example-counselor-role";
	private static final String PEOPLE = "&_id=example-psychologist,example-counselor";
	private static final String CHECKS = "&_id=example-psychologist-registration,example-counselor-registration";

	@BeforeEach
	void storeExamples() {
		for (String file : new String[] {"Practitioner-example-psychologist.json", "Practitioner-example-counselor.json",
				"PractitionerRole-example-psychologist-role.json", "PractitionerRole-example-counselor-role.json",
				"VerificationResult-example-psychologist-registration.json",
				"VerificationResult-example-counselor-registration.json"}) {
			try (var in = new FileInputStream(new File("fhir-profiles/examples", file))) {
				client.update().resource((Resource) CLIENT_CONTEXT.newJsonParser().parseResource(in)).execute();
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', textBlock = """
			PractitionerRole?modality=art-therapy ; example-counselor-role
			PractitionerRole?modality=https://rapport.health/fhir/CodeSystem/modality|emdr ; example-psychologist-role
			PractitionerRole?modality:below=trauma-focused ; example-psychologist-role
			PractitionerRole?modality:below=creative-nonverbal ; example-counselor-role
			PractitionerRole?modality:below=humanistic ; example-counselor-role
			PractitionerRole?modality:above=tf-cbt ; example-psychologist-role
			PractitionerRole?population=adolescents ; example-psychologist-role,example-counselor-role
			PractitionerRole?population=children ; example-counselor-role
			PractitionerRole?format=family ; example-counselor-role
			PractitionerRole?language=es ; example-psychologist-role
			PractitionerRole?language=urn:ietf:bcp:47|ase ; example-counselor-role
			PractitionerRole?jurisdiction=US-NY ; example-counselor-role
			PractitionerRole?new-patient=true ; example-psychologist-role,example-counselor-role
			PractitionerRole?delivery-method=virtual ; example-psychologist-role
			PractitionerRole?delivery-method=in-person&language=ase ; example-counselor-role
			VerificationResult?registration-status=registered-with-conditions ; example-counselor-registration
			VerificationResult?jurisdiction=US-CA ; example-psychologist-registration
			VerificationResult?registration-number=CA-B100042 ; example-psychologist-registration
			Practitioner?qualification-code=101YP2500X ; example-counselor
			Practitioner?qualification-issuer=Organization/regulator-us-ca-behavioral ; example-psychologist
			Practitioner?qualification-status=registered ; example-psychologist
			Practitioner?qualification-jurisdiction=US-NY ; example-counselor
			""")
	void customSearchParameterFindsExactlyTheExamplesThatMatch(String query, String expectedIds) {
		String scope = query.startsWith("PractitionerRole") ? ROLES : query.startsWith("Practitioner") ? PEOPLE : CHECKS;
		Bundle found = client.search().byUrl(query.replace("|", "%7C") + scope).returnBundle(Bundle.class).execute();
		assertThat(found.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactlyInAnyOrder(expectedIds.split(","));
	}
}
