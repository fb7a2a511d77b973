package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * A practice offered a referral sees the minimum necessary (age, need, language, place) until one
 * of its roles accepts; then the whole referral. The referring EHR always sees it all.
 */
@ActiveProfiles("it")
class H2MinimumNecessaryIT extends SecurityIT {

	@BeforeEach
	void offered() throws Exception {
		store(fixture, List.of("Patient", "ServiceRequest", "Task"));
	}

	@Test
	void offeredPracticeSeesNoNameIdentifierContactOrNarrative() throws Exception {
		actAs("practice", fixture);
		Patient patient = client.read().resource(Patient.class).withId(fixture.id("Patient")).execute();
		assertThat(patient.hasName()).isFalse();
		assertThat(patient.hasIdentifier()).isFalse();
		assertThat(patient.hasContact()).isFalse();
		assertThat(patient.hasText()).isFalse();
		assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("2017");
		assertThat(patient.getAddressFirstRep().getCity()).isEqualTo("Albany");
		assertThat(patient.getAddressFirstRep().hasPostalCode()).isFalse();
		assertThat(patient.hasCommunication()).isTrue();
		assertThat(patient.getMeta().getSecurity()).extracting(Coding::getCode).contains("REDACTED");

		ServiceRequest referral = client.read().resource(ServiceRequest.class).withId(fixture.id("ServiceRequest")).execute();
		assertThat(referral.hasText()).isFalse();
		assertThat(referral.getSubject().hasDisplay()).isFalse();
		assertThat(referral.hasReasonCode()).isTrue();
		Task task = client.read().resource(Task.class).withId(fixture.id("Task")).execute();
		assertThat(task.hasText()).isFalse();

		Bundle found = client.search().byUrl("Patient?_id=" + fixture.id("Patient")).returnBundle(Bundle.class).execute();
		assertThat(((Patient) found.getEntryFirstRep().getResource()).hasName()).isFalse();
	}

	@Test
	void onceItsRoleAcceptsThePracticeSeesTheWholeReferral() throws Exception {
		actAs("practice", fixture);
		Task task = (Task) fixture.get("Task");
		task.setStatus(Task.TaskStatus.ACCEPTED);
		assertThat(send("PUT", "/Task/" + task.getIdPart(), json(task), "Content-Type", JSON).statusCode()).isEqualTo(200);

		Patient patient = client.read().resource(Patient.class).withId(fixture.id("Patient")).execute();
		assertThat(patient.getNameFirstRep().getFamily()).isEqualTo(fixture.patientSecrets().get(0));
		assertThat(patient.getMeta().getSecurity()).isEmpty();
		ServiceRequest referral = client.read().resource(ServiceRequest.class).withId(fixture.id("ServiceRequest")).execute();
		assertThat(referral.getMeta().getSecurity()).isEmpty();
	}

	@Test
	void theReferringEhrAlwaysSeesItAll() throws Exception {
		actAs("ehr", fixture);
		Patient patient = client.read().resource(Patient.class).withId(fixture.id("Patient")).execute();
		assertThat(patient.getIdentifier()).extracting(i -> i.getValue()).contains(fixture.patientSecrets().get(1));
	}
}
