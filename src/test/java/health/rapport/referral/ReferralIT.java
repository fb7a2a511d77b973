package health.rapport.referral;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import health.rapport.fhir.FhirIT;
import health.rapport.security.ClientKind;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the referral tests: the demo directory (300 practitioners) and, per test, an EHR
 * (acting for its own Organization) that refers the package's example client, an adult in
 * Fresno asking for TF-CBT or EMDR in Spanish, whom several roles match.
 */
@TestPropertySource(properties = {"rapport.demo-data.enabled=true", "rapport.demo-data.practitioners=300",
		"rapport.subscriptions.poll-interval=100ms", "rapport.subscriptions.backoff-base=200ms"})
abstract class ReferralIT extends FhirIT {

	/** Stands in for the EHRs' notification endpoints. */
	static final WireMockServer EHR_ENDPOINTS = new WireMockServer(options().dynamicPort());

	static final String EHR_SCOPES = "system/Patient.cruds system/ServiceRequest.cruds system/Task.cruds"
			+ " system/Condition.cud system/Coverage.cud system/DocumentReference.cud system/Subscription.c system/*.rs";
	static final String PRACTICE_SCOPES = "system/PractitionerRole.rus system/Task.rus system/*.rs";
	static final String BUSINESS_STATUS = "https://rapport.health/fhir/CodeSystem/referral-business-status";

	@BeforeEach
	void directoryIndexed() throws Exception {
		ServiceRequest example = example();
		example.setId((String) null);
		Parameters in = new Parameters();
		in.addParameter().setName("referral").setResource(example);
		in.addParameter().setName("count").setValue(new IntegerType(5));
		await(Duration.ofSeconds(60), () -> client.operation().onType(ServiceRequest.class).named("$match").withParameters(in)
				.returnResourceType(Bundle.class).execute().getEntry().stream()
				.filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH).count() >= 4);
	}

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		if (!EHR_ENDPOINTS.isRunning()) {
			EHR_ENDPOINTS.start();
		}
	}

	/**
	 * Subscribes this test's EHR to its referrals' Tasks (as the EHR, which stays the caller),
	 * delivered to {@code /ehr-<run>} on the stand-in endpoint.
	 */
	void subscribeEhr() throws Exception {
		asEhr();
		EHR_ENDPOINTS.stubFor(post(urlEqualTo("/ehr-" + run)).willReturn(aResponse().withStatus(200)));
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED).setReason("Referral updates")
				.setCriteria("Task?requester=" + organization());
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint(EHR_ENDPOINTS.baseUrl() + "/ehr-" + run).setPayload("application/fhir+json");
		client.create().resource(subscription).execute();
	}

	/** What this test's EHR endpoint received, once per event (a retried event counts once), in order. */
	List<LoggedRequest> notifications() {
		Set<String> seen = new HashSet<>();
		return EHR_ENDPOINTS.findAll(postRequestedFor(urlEqualTo("/ehr-" + run))).stream()
				.filter(r -> seen.add(r.getHeader("X-Rapport-Event-Id"))).toList();
	}

	String organization() {
		return "Organization/ehr-" + run;
	}

	void asEhr() throws Exception {
		actAs("ehr-" + run, ClientKind.EHR, List.of(organization()), EHR_SCOPES);
	}

	void asAdmin() throws Exception {
		actAs(ADMIN, ClientKind.ADMIN, List.of(), "system/*.cruds");
	}

	/** Acts as a practice for the role a Task is offered to (each role its own practice client). */
	void asPracticeOf(String roleReference) throws Exception {
		String role = roleReference.substring(roleReference.indexOf('/') + 1);
		actAs("practice-" + role, ClientKind.PRACTICE, List.of(role), PRACTICE_SCOPES);
	}

	/** The example client as a Patient of this EHR (its own MRN per test). */
	Patient patient() {
		Patient patient = (Patient) example().getContained().get(0).copy();
		patient.setId((String) null);
		patient.getIdentifierFirstRep().setValue("MRN-" + run);
		return patient;
	}

	/** The example referral from this test's EHR, about {@code subject}. */
	ServiceRequest referral(String subject) {
		ServiceRequest referral = example();
		referral.setId((String) null);
		referral.getContained().clear();
		referral.setSubject(new Reference(subject));
		referral.setRequester(new Reference(organization()));
		referral.getIdentifierFirstRep().setValue("REF-" + run);
		return referral;
	}

	/** A transaction: the Patient and the referral about it, linked by urn:uuid. */
	Bundle submission() {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:11111111-1111-4111-8111-" + "0".repeat(4) + run).setResource(patient())
				.getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
		transaction.addEntry().setFullUrl("urn:uuid:22222222-2222-4222-8222-" + "0".repeat(4) + run)
				.setResource(referral("urn:uuid:11111111-1111-4111-8111-" + "0".repeat(4) + run))
				.getRequest().setMethod(HTTPVerb.POST).setUrl("ServiceRequest");
		return transaction;
	}

	/** The Tasks of a referral, as the EHR sees them. */
	List<Task> tasksOf(String referralId) {
		return client.search().byUrl("Task?focus=ServiceRequest/" + referralId).returnBundle(Bundle.class).execute().getEntry()
				.stream().map(e -> (Task) e.getResource()).toList();
	}

	Task read(String taskId) {
		return client.read().resource(Task.class).withId(taskId).execute();
	}

	static String idOf(String location) {
		return location.split("/")[1];
	}

	private static ServiceRequest example() {
		try (var in = new FileInputStream(new File("fhir-profiles/examples/ServiceRequest-example-referral.json"))) {
			return CLIENT_CONTEXT.newJsonParser().parseResource(ServiceRequest.class, in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
