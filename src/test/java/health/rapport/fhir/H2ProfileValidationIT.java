package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.rapport.fhir.validation.ResourceValidator;
import health.rapport.security.ClientKind;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Every write is validated against Rapport's profiles: the package's valid examples pass, each
 * invalid one is refused with 422, the expected message and its FHIRPath location, and nothing
 * is stored. Patient, ServiceRequest and Task are served here only to test their profiles.
 */
@ActiveProfiles("it")
@TestPropertySource(properties = "rapport.fhir.resource-types=Practitioner,PractitionerRole,Organization,Location,"
		+ "HealthcareService,Endpoint,VerificationResult,Patient,ServiceRequest,Task")
class H2ProfileValidationIT extends FhirIT {

	private static final File EXAMPLES = new File("fhir-profiles/examples");

	@Autowired
	ResourceValidator validator;

	static Stream<String> validExamples() {
		return Arrays.stream(EXAMPLES.list((dir, name) -> name.endsWith(".json"))).sorted();
	}

	private static Resource example(String path) {
		try (var in = new FileInputStream(new File(EXAMPLES, path))) {
			return (Resource) CLIENT_CONTEXT.newJsonParser().parseResource(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static List<OperationOutcomeIssueComponent> errors(OperationOutcome outcome) {
		return outcome.getIssue().stream()
				.filter(i -> i.getSeverity() == IssueSeverity.ERROR || i.getSeverity() == IssueSeverity.FATAL).toList();
	}

	private int count(String type) {
		return client.search().byUrl(type + "?_summary=count").returnBundle(Bundle.class).execute().getTotal();
	}

	@ParameterizedTest
	@MethodSource("validExamples")
	void validExampleHasNoErrors(String file) {
		assertThat(errors(validator.validate(example(file), null))).as(file).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("validExamples")
	void validExampleIsStoredThroughTheApi(String file) {
		Resource resource = example(file);
		if (resource instanceof Bundle) {
			return; // a search result, not something a client stores
		}
		MethodOutcome outcome = client.update().resource(resource).execute();
		assertThat(outcome.getId().getIdPart()).isEqualTo(resource.getIdElement().getIdPart());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			PractitionerRole-missing-practitioner.json | PractitionerRole | PractitionerRole.practitioner: minimum required = 1, but only found 0
			PractitionerRole-modality-not-in-codesystem.json | PractitionerRole.extension[0].value.ofType(CodeableConcept) | hypnotherapy
			PractitionerRole-typical-wait-not-in-days.json | PractitionerRole.extension[9].value.ofType(Duration).code | is fixed to 'd'
			Practitioner-missing-identifier.json | Practitioner | Practitioner.identifier: minimum required = 1, but only found 0
			VerificationResult-missing-registration-status.json | VerificationResult | registrationStatus
			VerificationResult-conditions-not-stated.json | VerificationResult | rap-vr-1
			VerificationResult-jurisdiction-not-iso-3166-2.json | VerificationResult.extension[1].value.ofType(CodeableConcept) | rap-jur-1
			ServiceRequest-missing-subject.json | ServiceRequest | ServiceRequest.subject: minimum required = 1, but only found 0
			ServiceRequest-intent-plan.json | ServiceRequest.intent | is fixed to 'order'
			ServiceRequest-missing-referral-category.json | ServiceRequest | category:referral
			Task-code-not-fulfill.json | Task.code | fulfill
			Task-accepted-without-owner.json | Task | rap-task-1
			Task-missing-focus.json | Task | Task.focus: minimum required = 1, but only found 0
			""")
	void invalidExampleIsRefusedWith422AtItsLocationAndNothingIsStored(String file, String location, String message) {
		Resource resource = example("invalid/" + file);
		String type = resource.fhirType();
		assertThat(errors(validator.validate(resource, null)))
				.as(file).anySatisfy(issue -> {
					assertThat(issue.getExpression()).extracting(Object::toString).contains(location);
					assertThat(issue.getDiagnostics()).contains(message);
				});
		int before = count(type);

		resource.setId((String) null);
		assertThatThrownBy(() -> client.create().resource(resource).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(errors(outcome(e)))
						.anySatisfy(issue -> assertThat(issue.getExpression()).extracting(Object::toString).contains(location)));
		resource.setId(type + "/invalid-" + run);
		assertThatThrownBy(() -> client.update().resource(resource).execute()).isInstanceOf(UnprocessableEntityException.class);

		assertThat(count(type)).isEqualTo(before);
		assertThatThrownBy(() -> client.read().resource(type).withId("invalid-" + run).execute())
				.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void validateOperationAnswers200WithTheIssues() {
		MethodOutcome invalid = client.validate()
				.resource(example("invalid/Practitioner-missing-identifier.json").setId((String) null)).execute();
		assertThat(errors((OperationOutcome) invalid.getOperationOutcome()))
				.anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("Practitioner.identifier"));

		MethodOutcome valid = client.validate()
				.resource(example("Practitioner-example-psychologist.json").setId((String) null)).execute();
		assertThat(errors((OperationOutcome) valid.getOperationOutcome())).isEmpty();
	}

	@Test
	void validateOperationChecksAgainstTheProfileItIsGiven() {
		Practitioner bare = new Practitioner();
		bare.addName().setFamily("Okafor");
		Parameters core = new Parameters();
		core.addParameter().setName("resource").setResource(bare);
		core.addParameter().setName("profile").setValue(new org.hl7.fhir.r4.model.UriType(
				"http://hl7.org/fhir/StructureDefinition/Practitioner"));
		OperationOutcome againstCore = client.operation().onType(Practitioner.class).named("$validate")
				.withParameters(core).returnResourceType(OperationOutcome.class).execute();
		assertThat(errors(againstCore)).extracting(OperationOutcomeIssueComponent::getDiagnostics).isEmpty();

		Parameters rapport = new Parameters();
		rapport.addParameter().setName("resource").setResource(bare);
		OperationOutcome againstRapport = client.operation().onType(Practitioner.class).named("$validate")
				.withParameters(rapport).returnResourceType(OperationOutcome.class).execute();
		assertThat(errors(againstRapport)).isNotEmpty();
	}

	@Test
	void resourceNamingAnUnknownProfileIsCheckedAgainstTheCoreDefinition() {
		Practitioner foreign = new Practitioner();
		foreign.getMeta().addProfile("http://hl7.org/fhir/uv/vhdir/StructureDefinition/vhdir-practitioner");
		foreign.addName().setFamily("Okafor");
		assertThat(client.create().resource(foreign).execute().getCreated()).isTrue();

		// cpt-2: a contact point with a value needs a system.
		foreign.addTelecom().setValue("555-0100");
		assertThatThrownBy(() -> client.create().resource(foreign).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class,
						e -> assertThat(errors(outcome(e))).anySatisfy(i -> assertThat(i.getDiagnostics()).contains("cpt-2")));
	}

	@Test
	void transactionWithAnInvalidEntryRollsBackAndLocatesTheErrorInTheBundle() {
		int before = count("Practitioner");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Resource valid = example("Practitioner-example-psychologist.json").setId((String) null);
		Resource invalid = example("invalid/Practitioner-missing-identifier.json").setId((String) null);
		transaction.addEntry().setResource(valid).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Practitioner");
		transaction.addEntry().setResource(invalid).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Practitioner");

		assertThatThrownBy(() -> client.transaction().withBundle(transaction).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(outcome(e).getIssue())
						.anySatisfy(i -> assertThat(i.getExpression()).extracting(Object::toString)
								.contains("Bundle.entry[1].resource")));
		assertThat(count("Practitioner")).isEqualTo(before);
	}

	@Test
	void bundleEntriesValidatedTogetherReportEachErrorAtItsEntry() {
		int before = count("Practitioner");
		// A transaction's entries are validated together, on every core, before its writes: an
		// invalid first entry among many valid ones still fails the whole, at that entry.
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(example("invalid/Practitioner-missing-identifier.json").setId((String) null))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Practitioner");
		for (int i = 0; i < 40; i++) {
			transaction.addEntry().setResource(example("Practitioner-example-psychologist.json").setId((String) null))
					.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Practitioner");
		}
		assertThatThrownBy(() -> client.transaction().withBundle(transaction).execute())
				.isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(outcome(e).getIssue())
						.anySatisfy(i -> assertThat(i.getExpression()).extracting(Object::toString)
								.contains("Bundle.entry[0].resource")));
		assertThat(count("Practitioner")).isEqualTo(before);

		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		for (String file : List.of("Practitioner-example-psychologist.json", "invalid/Practitioner-missing-identifier.json",
				"Practitioner-example-psychologist.json")) {
			batch.addEntry().setResource(example(file).setId((String) null)).getRequest().setMethod(Bundle.HTTPVerb.POST)
					.setUrl("Practitioner");
		}
		Bundle answer = client.transaction().withBundle(batch).execute();
		assertThat(answer.getEntry()).extracting(e -> e.getResponse().getStatus()).containsExactly("201 Created",
				"422 Unprocessable Entity", "201 Created");
		assertThat(((OperationOutcome) answer.getEntry().get(1).getResponse().getOutcome()).getIssue())
				.anySatisfy(i -> assertThat(i.getExpression()).extracting(Object::toString).contains("Bundle.entry[1].resource"));
		assertThat(count("Practitioner")).isEqualTo(before + 2);
	}

	@Test
	void storedReferralIsMatchedByItsIdAndAnUnknownIdIs404() throws Exception {
		for (String file : List.of("Patient-example-child.json", "ServiceRequest-example-referral-child.json",
				"Practitioner-example-counselor.json", "PractitionerRole-example-counselor-role.json",
				"VerificationResult-example-counselor-registration.json")) {
			client.update().resource(example(file)).execute();
		}
		org.hl7.fhir.r4.model.Location albany = new org.hl7.fhir.r4.model.Location().setName("Lark Street Counseling - Albany");
		albany.setId("practice-31-site");
		albany.getPosition().setLatitude(42.6526).setLongitude(-73.7562);
		client.update().resource(albany).execute();

		// A stored referral is PHI: only its requester (or the practice it is offered to) may match it.
		actAs("hudson-ehr", ClientKind.EHR, List.of("https://ehr.hudson-peds.example.org/fhir/Organization/hudson-pediatrics"),
				"system/ServiceRequest.cruds");
		List<String> matched = List.of();
		long deadline = System.currentTimeMillis() + 5_000;
		while (matched.isEmpty() && System.currentTimeMillis() < deadline) {
			Bundle result = client.operation().onInstance(new org.hl7.fhir.r4.model.IdType("ServiceRequest", "example-referral-child"))
					.named("$match").withNoParameters(Parameters.class).useHttpGet().returnResourceType(Bundle.class).execute();
			assertThat(result.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
			matched = result.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
					.map(e -> e.getResource().getIdElement().getIdPart()).toList();
		}
		assertThat(matched).containsExactly("example-counselor-role");

		assertThatThrownBy(() -> client.operation().onInstance(new org.hl7.fhir.r4.model.IdType("ServiceRequest", "no-such-referral"))
				.named("$match").withNoParameters(Parameters.class).useHttpGet().returnResourceType(Bundle.class).execute())
				.isInstanceOf(ResourceNotFoundException.class);
	}

	private static OperationOutcome outcome(UnprocessableEntityException e) {
		IBaseResource outcome = e.getOperationOutcome();
		return (OperationOutcome) outcome;
	}
}
