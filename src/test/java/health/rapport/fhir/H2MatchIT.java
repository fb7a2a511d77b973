package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.rapport.fhir.matching.ProviderGraph;
import health.rapport.fhir.matching.ReferralReader;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchResult;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.ProviderProfile;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.VerificationResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * ServiceRequest/$match over the demo directory, through the generic client: ranked roles with
 * explanations and includes, the same ranking as the reference scorer over every role in the
 * store, a registration change taking effect within a second, and bad referrals refused.
 */
@ActiveProfiles("it")
@TestPropertySource(properties = {"rapport.demo-data.enabled=true", "rapport.demo-data.practitioners=300"})
class H2MatchIT extends FhirIT {

	private static final String EXPLANATION = "https://rapport.health/fhir/StructureDefinition/match-explanation";
	private static final String REGISTRATION_STATUS = "https://rapport.health/fhir/StructureDefinition/registration-status";

	@Autowired
	ProviderGraph graph;
	@Autowired
	ReferralReader reader;
	@Autowired
	MatchScorer scorer;

	/** The package's example: an adult in Fresno, US-CA, PTSD, TF-CBT or EMDR, Spanish then English, either delivery. */
	protected static ServiceRequest referral() {
		try (var in = new FileInputStream(new File("fhir-profiles/examples/ServiceRequest-example-referral.json"))) {
			ServiceRequest referral = CLIENT_CONTEXT.newJsonParser().parseResource(ServiceRequest.class, in);
			referral.setId((String) null);
			return referral;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	protected Bundle match(ServiceRequest referral, int count) {
		Parameters in = new Parameters();
		in.addParameter().setName("referral").setResource(referral);
		in.addParameter().setName("count").setValue(new IntegerType(count));
		return client.operation().onType(ServiceRequest.class).named("$match").withParameters(in)
				.returnResourceType(Bundle.class).execute();
	}

	protected static List<BundleEntryComponent> matches(Bundle bundle) {
		return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == SearchEntryMode.MATCH).toList();
	}

	@Test
	void matchRanksEligibleRolesWithExplanationsAndIncludes() {
		Bundle bundle = match(referral(), 10);

		assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
		List<BundleEntryComponent> matches = matches(bundle);
		assertThat(matches).isNotEmpty().hasSizeLessThanOrEqualTo(10);
		assertThat(bundle.getTotal()).isEqualTo(matches.size());
		double previous = 1;
		for (BundleEntryComponent entry : matches) {
			PractitionerRole role = (PractitionerRole) entry.getResource();
			double score = entry.getSearch().getScore().doubleValue();
			assertThat(score).isBetween(0.0, previous);
			previous = score;
			assertThat(role.getExtensionByUrl("https://rapport.health/fhir/StructureDefinition/accepting-new-clients")
					.getValue().primitiveValue()).isEqualTo("true");
			List<Extension> explanations = entry.getSearch().getExtensionsByUrl(EXPLANATION);
			assertThat(explanations).extracting(e -> e.getExtensionByUrl("criterion").getValue().primitiveValue())
					.contains("modality", "condition", "language", "jurisdiction", "wait");
			double weights = explanations.stream()
					.mapToDouble(e -> Double.parseDouble(e.getExtensionByUrl("weight").getValue().primitiveValue())).sum();
			assertThat(weights).isCloseTo(1.0, within(1e-4));
			double weighted = explanations.stream().mapToDouble(e -> Double.parseDouble(e.getExtensionByUrl("weight")
					.getValue().primitiveValue()) * Double.parseDouble(e.getExtensionByUrl("score").getValue().primitiveValue())).sum();
			assertThat(weighted).isCloseTo(score, within(1e-4));
			assertThat(explanations).allSatisfy(e -> assertThat(e.getExtensionByUrl("detail")).isNotNull());
		}
		List<String> included = bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == SearchEntryMode.INCLUDE)
				.map(e -> e.getResource().fhirType()).distinct().toList();
		assertThat(included).contains("Practitioner", "Location");
	}

	@Test
	void aRebuildProjectsEachRoleAsItsOwnChangeDoes() {
		List<ProviderProfile> rebuilt = new ArrayList<>();
		graph.allProfiles().forEach(rebuilt::add);

		assertThat(rebuilt).hasSize(300);
		assertThat(rebuilt).as("each page's practitioners, locations and checks read together").allSatisfy(
				p -> assertThat(p).isEqualTo(graph.profile(p.roleId()).orElseThrow()));
		assertThat(rebuilt).as("the demo directory's checks reach the profiles")
				.anySatisfy(p -> assertThat(p.registrations()).isNotEmpty());
	}

	@Test
	void matchEqualsTheReferenceScorerOverEveryRoleInTheStore() {
		ServiceRequest referral = referral();
		MatchRequest request = reader.read(referral, (Patient) referral.getContained().get(0));
		List<ProviderProfile> everyone = new ArrayList<>();
		graph.allProfiles().forEach(everyone::add);
		List<MatchResult> expected = scorer.rank(everyone, request, 20);

		List<BundleEntryComponent> actual = matches(match(referral, 20));

		assertThat(actual).extracting(e -> e.getResource().getIdElement().getIdPart())
				.containsExactlyElementsOf(expected.stream().map(m -> m.provider().roleId()).toList());
		for (int i = 0; i < actual.size(); i++) {
			assertThat(actual.get(i).getSearch().getScore().doubleValue()).isCloseTo(expected.get(i).score(), within(1e-6));
		}
		assertThat(matches(match(referral, 20))).extracting(e -> e.getResource().getIdElement().getIdPart())
				.as("the same request gives the same ranking").containsExactlyElementsOf(
						actual.stream().map(e -> e.getResource().getIdElement().getIdPart()).toList());
	}

	@Test
	void aSuspensionThroughTheApiRemovesThePractitionerFromMatchingWithinASecond() throws Exception {
		BundleEntryComponent top = matches(match(referral(), 1)).get(0);
		String roleId = top.getResource().getIdElement().getIdPart();
		String practitioner = ((PractitionerRole) top.getResource()).getPractitioner().getReference();
		VerificationResult registration = (VerificationResult) client.search()
				.byUrl("VerificationResult?target=" + practitioner).returnBundle(Bundle.class).execute().getEntryFirstRep().getResource();
		registration.getExtensionByUrl(REGISTRATION_STATUS).setValue(new CodeableConcept(
				new Coding("https://rapport.health/fhir/CodeSystem/registration-status", "suspended", null)));
		registration.getExtension().removeIf(e -> e.getUrl().endsWith("registration-conditions"));

		client.update().resource(registration).execute();
		long updated = System.nanoTime();
		boolean gone = false;
		while (!gone && System.nanoTime() - updated < 1_000_000_000L) {
			gone = matches(match(referral(), 50)).stream().noneMatch(e -> e.getResource().getIdElement().getIdPart().equals(roleId));
		}

		assertThat(gone).as("role " + roleId + " gone from $match within 1 s of the suspension").isTrue();
	}

	@Test
	void referralWithoutSubjectIs422NamingIt() {
		ServiceRequest referral = referral();
		referral.setSubject(null);
		assertThatThrownBy(() -> match(referral, 5)).isInstanceOfSatisfying(UnprocessableEntityException.class,
				e -> assertThat(issues(e)).anyMatch(i -> i.contains("ServiceRequest.subject")));
	}

	@Test
	void unknownModalityIs422NamingTheCode() {
		ServiceRequest referral = referral();
		referral.getExtensionsByUrl("https://rapport.health/fhir/StructureDefinition/requested-modality").get(0)
				.setValue(new CodeableConcept(new Coding("https://rapport.health/fhir/CodeSystem/modality", "hypnotherapy", null)));
		assertThatThrownBy(() -> match(referral, 5)).isInstanceOfSatisfying(UnprocessableEntityException.class,
				e -> assertThat(issues(e)).anyMatch(i -> i.contains("hypnotherapy")));
	}

	@Test
	void impossibleAgeIs422NamingTheBirthDate() {
		ServiceRequest referral = referral();
		((Patient) referral.getContained().get(0)).setBirthDateElement(new DateType("1850-01-01"));
		assertThatThrownBy(() -> match(referral, 5)).isInstanceOfSatisfying(UnprocessableEntityException.class,
				e -> assertThat(issues(e)).anyMatch(i -> i.contains("Impossible age") && i.contains("Patient.birthDate")));
	}

	@Test
	void countOutOfRangeIs400() {
		assertThatThrownBy(() -> match(referral(), 0)).isInstanceOf(InvalidRequestException.class);
	}

	@Test
	void childReferralFindsChildServingRolesOnly() {
		ServiceRequest referral = referral();
		Patient child = (Patient) referral.getContained().get(0);
		child.setBirthDateElement(new DateType("2017-05-01"));
		referral.getExtension().removeIf(e -> e.getUrl().endsWith("requested-modality"));
		referral.addExtension("https://rapport.health/fhir/StructureDefinition/requested-modality",
				new CodeableConcept(new Coding("https://rapport.health/fhir/CodeSystem/modality", "play-therapy", null)));
		referral.addExtension("https://rapport.health/fhir/StructureDefinition/interpreter-needed", new BooleanType(true));
		referral.getExtension().removeIf(e -> e.getUrl().endsWith("interpreter-needed") && e.getValue() instanceof BooleanType b
				&& !b.booleanValue());

		List<BundleEntryComponent> matches = matches(match(referral, 10));

		assertThat(matches).isNotEmpty().allSatisfy(e -> assertThat(((PractitionerRole) e.getResource())
				.getExtensionsByUrl("https://rapport.health/fhir/StructureDefinition/population-served"))
				.anySatisfy(p -> assertThat(p.getValue().toString()).isNotNull()).extracting(p -> ((CodeableConcept) p.getValue())
						.getCodingFirstRep().getCode()).contains("children"));
	}

	private static List<String> issues(UnprocessableEntityException e) {
		return ((OperationOutcome) e.getOperationOutcome()).getIssue().stream()
				.map(i -> i.getDiagnostics() + " @ " + i.getExpression().stream().map(x -> x.getValue()).toList()).toList();
	}
}
