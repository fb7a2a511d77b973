package health.rapport.referral;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import health.rapport.security.ClientKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.VerificationResult;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * The closed loop through the FHIR API with real tokens: an EHR submits, the first candidate
 * declines and loses sight of the referral, the second accepts and completes; moves outside the
 * life cycle are refused; resubmissions and failed transactions leave no duplicates and nothing
 * half-stored; every access is audited. Run on H2 and on PostgreSQL.
 */
abstract class ReferralWorkflowContract extends ReferralIT {

	private static final String R = "https://rapport.health/fhir/StructureDefinition/";

	@Test
	void firstCandidateDeclinesSecondAcceptsAndCompletes() throws Exception {
		subscribeEhr();
		Bundle stored = client.transaction().withBundle(submission()).execute();
		String referralId = idOf(stored.getEntry().get(1).getResponse().getLocation());
		String patientId = idOf(stored.getEntry().get(0).getResponse().getLocation());
		List<Task> tasks = tasksOf(referralId);
		assertThat(tasks).hasSize(1);
		Task offered = tasks.get(0);
		assertThat(offered.getStatus()).isEqualTo(TaskStatus.REQUESTED);
		assertThat(offered.getRequester().getReference()).isEqualTo(organization());
		assertThat(offered.getFor().getReference()).isEqualTo("Patient/" + patientId);
		assertThat(offered.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("offered");
		assertThat(offered.getExtensionByUrl("https://rapport.health/fhir/StructureDefinition/offer-expires")).isNotNull();
		String first = offered.getOwner().getReference();
		assertThat(first).startsWith("PractitionerRole/");

		asPracticeOf(first);
		Bundle offers = client.search().byUrl("Task?owner=" + first + "&status=requested").returnBundle(Bundle.class).execute();
		assertThat(offers.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.contains(offered.getIdPart());
		assertThat(offers.getEntry()).allMatch(e -> ((Task) e.getResource()).getOwner().getReference().equals(first));
		Patient redacted = client.read().resource(Patient.class).withId(patientId).execute();
		assertThat(redacted.hasName()).as("minimum necessary before acceptance").isFalse();
		assertThat(redacted.hasIdentifier()).isFalse();
		assertThat(redacted.getAddressFirstRep().getCity()).isEqualTo("Fresno");

		Task declined = read(offered.getIdPart());
		declined.setStatus(TaskStatus.REJECTED);
		HttpResponse<String> noReason = send("PUT", "/Task/" + declined.getIdPart(), json(declined), "Content-Type", JSON);
		assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(422);
		assertThat(noReason.body()).contains("OperationOutcome").contains("reason");
		declined.setStatusReason(new CodeableConcept(new Coding(BUSINESS_STATUS, "declined-no-capacity", null)).setText("Full"));
		HttpResponse<String> rejected = send("PUT", "/Task/" + declined.getIdPart(), json(declined), "Content-Type", JSON);
		assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
		for (String path : List.of("/Task/" + offered.getIdPart(), "/ServiceRequest/" + referralId, "/Patient/" + patientId,
				"/Task/" + offered.getIdPart() + "/_history/1")) {
			assertThat(send("GET", path, null).statusCode()).as("the declining practice reads " + path).isEqualTo(404);
		}
		assertThat(client.search().byUrl("Task?_id=" + offered.getIdPart()).returnBundle(Bundle.class).execute().getEntry()).isEmpty();

		asEhr();
		Task reoffered = read(offered.getIdPart());
		String second = reoffered.getOwner().getReference();
		assertThat(second).isNotEqualTo(first).startsWith("PractitionerRole/");
		assertThat(reoffered.getStatus()).isEqualTo(TaskStatus.REQUESTED);
		assertThat(reoffered.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("declined");
		Bundle history = client.history().onInstance("Task/" + offered.getIdPart()).returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).extracting(e -> ((Task) e.getResource()).getStatus())
				.containsExactly(TaskStatus.REQUESTED, TaskStatus.REJECTED, TaskStatus.REQUESTED);

		asPracticeOf(second);
		for (TaskStatus next : List.of(TaskStatus.RECEIVED, TaskStatus.ACCEPTED, TaskStatus.INPROGRESS, TaskStatus.COMPLETED)) {
			Task task = read(offered.getIdPart());
			task.setStatus(next);
			if (next == TaskStatus.COMPLETED) {
				task.setBusinessStatus(new CodeableConcept(new Coding(BUSINESS_STATUS, "treatment-completed", null)));
			}
			assertThat(send("PUT", "/Task/" + task.getIdPart(), json(task), "Content-Type", JSON).statusCode()).as(next.toCode())
					.isEqualTo(200);
			if (next == TaskStatus.ACCEPTED) {
				Patient full = client.read().resource(Patient.class).withId(patientId).execute();
				assertThat(full.getNameFirstRep().getFamily()).as("full details after acceptance").isEqualTo("Reyes");
			}
		}
		Task completed = read(offered.getIdPart());
		completed.setStatus(TaskStatus.ACCEPTED);
		HttpResponse<String> backwards = send("PUT", "/Task/" + completed.getIdPart(), json(completed), "Content-Type", JSON);
		assertThat(backwards.statusCode()).isEqualTo(409);
		assertThat(backwards.body()).contains("OperationOutcome").contains("completed");

		String taskPath = "Task/" + offered.getIdPart() + "/_history/";
		List<TaskStatus> expected = List.of(TaskStatus.REQUESTED, TaskStatus.REJECTED, TaskStatus.REQUESTED, TaskStatus.RECEIVED,
				TaskStatus.ACCEPTED, TaskStatus.INPROGRESS, TaskStatus.COMPLETED);
		await(Duration.ofSeconds(30), () -> notifications().size() >= expected.size(), () -> notifications().size() + " notified");
		List<LoggedRequest> notified = notifications();
		assertThat(notified).extracting(r -> r.getHeader("X-Rapport-Resource"))
				.as("every change reached the EHR, in order").containsExactly(java.util.stream.IntStream.rangeClosed(1, 7)
						.mapToObj(v -> taskPath + v).toArray(String[]::new));
		assertThat(notified).extracting(r -> CLIENT_CONTEXT.newJsonParser().parseResource(Task.class, r.getBodyAsString())
				.getStatus()).containsExactlyElementsOf(expected);

		asAdmin();
		List<AuditEvent> trail = auditTrail();
		assertThat(trail).as("the declining practice's reads are audited, the refused ones too")
				.anyMatch(e -> by(e, "practice-" + idOf(first)) && about(e, "Patient/" + patientId) && e.getOutcomeDesc().startsWith("200"))
				.anyMatch(e -> by(e, "practice-" + idOf(first)) && about(e, "ServiceRequest/" + referralId)
						&& e.getOutcomeDesc().startsWith("404"));
		assertThat(trail).anyMatch(e -> by(e, "practice-" + idOf(second)) && about(e, "Patient/" + patientId));
		assertThat(trail).anyMatch(e -> by(e, "ehr-" + run) && about(e, "Task/" + offered.getIdPart()));
	}

	@Test
	void onlyTheRequesterCancelsAndOnlyThePracticeAccepts() throws Exception {
		asEhr();
		Bundle stored = client.transaction().withBundle(submission()).execute();
		Task task = tasksOf(idOf(stored.getEntry().get(1).getResponse().getLocation())).get(0);

		Task accepted = task.copy();
		accepted.setStatus(TaskStatus.ACCEPTED);
		assertThat(send("PUT", "/Task/" + task.getIdPart(), json(accepted), "Content-Type", JSON).statusCode())
				.as("the EHR accepting its own referral").isEqualTo(403);

		asPracticeOf(task.getOwner().getReference());
		Task cancelled = read(task.getIdPart());
		cancelled.setStatus(TaskStatus.CANCELLED);
		assertThat(send("PUT", "/Task/" + task.getIdPart(), json(cancelled), "Content-Type", JSON).statusCode())
				.as("the practice cancelling").isEqualTo(403);
		Task grabbed = read(task.getIdPart());
		grabbed.setFocus(new Reference("ServiceRequest/someone-elses"));
		assertThat(send("PUT", "/Task/" + task.getIdPart(), json(grabbed), "Content-Type", JSON).statusCode())
				.as("the practice changing what the Task is about").isEqualTo(403);

		asEhr();
		cancelled = read(task.getIdPart());
		cancelled.setStatus(TaskStatus.CANCELLED);
		cancelled.setBusinessStatus(new CodeableConcept(new Coding(BUSINESS_STATUS, "client-withdrew", null)));
		assertThat(send("PUT", "/Task/" + task.getIdPart(), json(cancelled), "Content-Type", JSON).statusCode()).isEqualTo(200);
		Task again = read(task.getIdPart());
		again.setStatus(TaskStatus.REQUESTED);
		HttpResponse<String> reopened = send("PUT", "/Task/" + task.getIdPart(), json(again), "Content-Type", JSON);
		assertThat(reopened.statusCode()).isIn(403, 409);
		assertThat(read(task.getIdPart()).getStatus()).isEqualTo(TaskStatus.CANCELLED);
	}

	@Test
	void theSameReferralSubmittedTwiceIsOneReferralWithOneTask() throws Exception {
		asEhr();
		Bundle first = client.transaction().withBundle(submission()).execute();
		Bundle second = client.transaction().withBundle(submission()).execute();
		String referralId = idOf(first.getEntry().get(1).getResponse().getLocation());
		assertThat(idOf(second.getEntry().get(1).getResponse().getLocation())).isEqualTo(referralId);
		assertThat(idOf(second.getEntry().get(0).getResponse().getLocation()))
				.isEqualTo(idOf(first.getEntry().get(0).getResponse().getLocation()));
		assertThat(second.getEntry().get(1).getResponse().getStatus()).startsWith("200");

		ServiceRequest single = referral("Patient/" + idOf(first.getEntry().get(0).getResponse().getLocation()));
		assertThat(client.create().resource(single).execute().getId().getIdPart()).isEqualTo(referralId);
		assertThat(tasksOf(referralId)).hasSize(1);
		assertThat(client.search().byUrl("ServiceRequest?identifier=" + single.getIdentifierFirstRep().getSystem() + "|REF-" + run)
				.returnBundle(Bundle.class).execute().getEntry()).hasSize(1);
	}

	@Test
	void aTransactionWithABadEntryStoresNothing() throws Exception {
		asEhr();
		Bundle transaction = submission();
		Condition bad = new Condition();
		bad.getCode().addCoding(new Coding("http://snomed.info/sct", "47505003", "PTSD"));
		bad.setSubject(new Reference(transaction.getEntry().get(0).getFullUrl()));
		bad.getClinicalStatus().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "no-such-status", null));
		transaction.addEntry().setFullUrl("urn:uuid:33333333-3333-4333-8333-0000" + run).setResource(bad)
				.getRequest().setMethod(HTTPVerb.POST).setUrl("Condition");
		HttpResponse<String> refused = send("POST", "", json(transaction), "Content-Type", JSON);
		assertThat(refused.statusCode()).isBetween(400, 422);
		assertThat(refused.body()).contains("OperationOutcome").contains("rolled back");

		assertThat(client.search().byUrl("ServiceRequest?identifier=REF-" + run).returnBundle(Bundle.class).execute().getEntry())
				.isEmpty();
		asAdmin();
		assertThat(client.search().byUrl("Patient?identifier=MRN-" + run).returnBundle(Bundle.class).execute().getEntry())
				.isEmpty();
	}

	@Test
	void aDirectedReferralIsOfferedToTheRoleItNamesAndAContainedPatientIsShownRedacted() throws Exception {
		asEhr();
		Bundle stored = client.transaction().withBundle(submission()).execute();
		String matched = tasksOf(idOf(stored.getEntry().get(1).getResponse().getLocation())).get(0).getOwner().getReference();

		ServiceRequest directed = referral("#client");
		directed.getIdentifierFirstRep().setValue("REF-directed-" + run);
		directed.addContained(patient().setId("client"));
		directed.addPerformer(new Reference(matched));
		String referralId = client.create().resource(directed).execute().getId().getIdPart();
		Task task = tasksOf(referralId).get(0);
		assertThat(task.getOwner().getReference()).isEqualTo(matched);
		assertThat(task.hasFor()).as("a contained Patient cannot be referenced from the Task").isFalse();

		asPracticeOf(matched);
		ServiceRequest seen = client.read().resource(ServiceRequest.class).withId(referralId).execute();
		Patient client = (Patient) seen.getContained().get(0);
		assertThat(client.hasName()).isFalse();
		assertThat(client.getBirthDateElement().getValueAsString()).hasSize(4);
		assertThat(seen.getMeta().getSecurity()).extracting(Coding::getCode).contains("REDACTED");
	}

	@Test
	void theEhrMayRedirectAnUnansweredOfferToARoleItPickedFromMatch() throws Exception {
		asEhr();
		Bundle stored = client.transaction().withBundle(submission()).execute();
		String referralId = idOf(stored.getEntry().get(1).getResponse().getLocation());
		Task task = tasksOf(referralId).get(0);
		String first = task.getOwner().getReference();
		Bundle ranked = client.operation().onInstance("ServiceRequest/" + referralId).named("$match").withNoParameters(
				org.hl7.fhir.r4.model.Parameters.class).returnResourceType(Bundle.class).execute();
		String picked = ranked.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
				.map(e -> "PractitionerRole/" + e.getResource().getIdElement().getIdPart()).filter(r -> !r.equals(first))
				.findFirst().orElseThrow();

		task.setOwner(new Reference(picked));
		assertThat(send("PUT", "/Task/" + task.getIdPart(), json(task), "Content-Type", JSON).statusCode()).isEqualTo(200);
		Task redirected = read(task.getIdPart());
		assertThat(redirected.getOwner().getReference()).isEqualTo(picked);
		assertThat(redirected.getStatus()).isEqualTo(TaskStatus.REQUESTED);
		asPracticeOf(first);
		assertThat(send("GET", "/Task/" + task.getIdPart(), null).statusCode()).isEqualTo(404);
		asPracticeOf(picked);
		assertThat(read(task.getIdPart()).getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("offered");
	}

	/** A suspension through the regulator API reaches the FHIR side, matching and the referral. */
	@Test
	void aSuspensionReoffersThePractitionersOpenReferralsAndTheEhrHearsOfIt() throws Exception {
		subscribeEhr();
		Bundle stored = client.transaction().withBundle(submission()).execute();
		Task task = tasksOf(idOf(stored.getEntry().get(1).getResponse().getLocation())).get(0);
		String first = task.getOwner().getReference();
		asPracticeOf(first);
		Task accepted = read(task.getIdPart());
		accepted.setStatus(TaskStatus.ACCEPTED);
		assertThat(send("PUT", "/Task/" + task.getIdPart(), json(accepted), "Content-Type", JSON).statusCode()).isEqualTo(200);

		asAdmin();
		String practitioner = client.read().resource(PractitionerRole.class).withId(idOf(first)).execute().getPractitioner()
				.getReference();
		VerificationResult registration = (VerificationResult) client.search().byUrl("VerificationResult?target=" + practitioner)
				.returnBundle(Bundle.class).execute().getEntryFirstRep().getResource();
		String number = registration.getExtensionByUrl(R + "registration-number").getValue().primitiveValue();
		String jurisdiction = ((CodeableConcept) registration.getExtensionByUrl(R + "jurisdiction").getValue())
				.getCodingFirstRep().getCode();
		actAs("regulator-" + run, ClientKind.REGULATOR, List.of(jurisdiction), "system/VerificationResult.cruds system/*.rs");
		HttpResponse<String> suspended = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
				+ "/api/v1/regulators/" + jurisdiction + "/registrations/" + number + "/status"))
				.header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"suspended\",\"reason\":\"Interim order\"}")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);

		asEhr();
		await(Duration.ofSeconds(20), () -> !read(task.getIdPart()).getOwner().getReference().equals(first));
		asEhr();
		Task reoffered = read(task.getIdPart());
		assertThat(reoffered.getStatus()).isEqualTo(TaskStatus.REQUESTED);
		assertThat(reoffered.getOwner().getReference()).isNotEqualTo(first);
		assertThat(reoffered.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("practitioner-unavailable");
		await(Duration.ofSeconds(20), () -> notifications().size() >= 3);
		assertThat(notifications()).extracting(r -> CLIENT_CONTEXT.newJsonParser().parseResource(Task.class, r.getBodyAsString())
				.getStatus()).containsExactly(TaskStatus.REQUESTED, TaskStatus.ACCEPTED, TaskStatus.REQUESTED);
		asPracticeOf(first);
		assertThat(send("GET", "/Task/" + task.getIdPart(), null).statusCode()).isEqualTo(404);
	}

	@Test
	void aBserMessageIsProcessedAsOneTransactionAndAnsweredWithAResponseMessage() throws Exception {
		asEhr();
		Bundle message = new Bundle().setType(Bundle.BundleType.MESSAGE);
		MessageHeader header = new MessageHeader();
		header.setId("msg-" + run);
		header.setEvent(new Coding("http://hl7.org/fhir/us/bser/CodeSystem/bser-event", "referral-request", null));
		header.getSource().setEndpoint("https://ehr.example.org/fhir");
		header.addFocus(new Reference("ServiceRequest/sr-" + run));
		message.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(header);
		message.addEntry().setFullUrl("https://ehr.example.org/fhir/Patient/p-" + run).setResource(patient().setId("p-" + run));
		ServiceRequest referral = referral("Patient/p-" + run);
		referral.setId("sr-" + run);
		message.addEntry().setFullUrl("https://ehr.example.org/fhir/ServiceRequest/sr-" + run).setResource(referral);

		HttpResponse<String> answer = send("POST", "/$process-message", json(message), "Content-Type", JSON);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		Bundle response = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, answer.body());
		MessageHeader reply = (MessageHeader) response.getEntryFirstRep().getResource();
		assertThat(response.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
		assertThat(reply.getResponse().getIdentifier()).isEqualTo("msg-" + run);
		assertThat(reply.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
		String referralId = reply.getFocus().stream().map(Reference::getReference).filter(r -> r.startsWith("ServiceRequest/"))
				.map(ReferralIT::idOf).findFirst().orElseThrow();
		ServiceRequest storedReferral = client.read().resource(ServiceRequest.class).withId(referralId).execute();
		assertThat(storedReferral.getSubject().getReference()).startsWith("Patient/").isNotEqualTo("Patient/p-" + run);
		assertThat(tasksOf(referralId)).hasSize(1);

		Task task = tasksOf(referralId).get(0);
		task.setStatus(TaskStatus.CANCELLED);
		task.setBusinessStatus(new CodeableConcept(new Coding(BUSINESS_STATUS, "client-withdrew", null)));
		Bundle cancel = new Bundle().setType(Bundle.BundleType.MESSAGE);
		MessageHeader cancelHeader = header.copy();
		cancelHeader.setId("msg-cancel-" + run);
		cancelHeader.getFocus().clear();
		cancelHeader.addFocus(new Reference("Task/" + task.getIdPart()));
		cancel.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(cancelHeader);
		cancel.addEntry().setFullUrl(base() + "/Task/" + task.getIdPart()).setResource(task);
		HttpResponse<String> cancelled = send("POST", "/$process-message", json(cancel), "Content-Type", JSON);
		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(read(task.getIdPart()).getStatus()).as("a message updates the Task it carries").isEqualTo(TaskStatus.CANCELLED);
		assertThat(tasksOf(referralId)).hasSize(1);

		Bundle notAMessage = message.copy().setType(Bundle.BundleType.COLLECTION);
		assertThat(send("POST", "/$process-message", json(notAMessage), "Content-Type", JSON).statusCode()).isEqualTo(400);
		actAs("practice-" + run, ClientKind.PRACTICE, List.of("x"), PRACTICE_SCOPES);
		assertThat(send("POST", "/$process-message", json(message), "Content-Type", JSON).statusCode()).isEqualTo(403);
	}

	private List<AuditEvent> auditTrail() {
		return client.search().byUrl("AuditEvent?_count=1000").returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> (AuditEvent) e.getResource()).toList();
	}

	private static boolean by(AuditEvent event, String clientId) {
		return event.getAgent().stream().anyMatch(a -> clientId.equals(a.getWho().getIdentifier().getValue()));
	}

	private static boolean about(AuditEvent event, String reference) {
		return event.getEntity().stream().anyMatch(x -> reference.equals(x.getWhat().getReference()));
	}
}
