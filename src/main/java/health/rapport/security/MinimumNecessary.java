package health.rapport.security;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import health.rapport.fhir.server.ResourceService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * A practice offered a referral sees the minimum necessary until one of its roles accepts it: the
 * patient's gender, year of birth, languages and town (no name, identifier, contact or street);
 * the referral's need without narrative, notes or contained resources; the Task without
 * narrative or names. Redacted resources carry the security label REDACTED.
 */
class MinimumNecessary {

	/** Task states in which the practice has taken the referral on. */
	static final Set<String> TAKEN_ON = Set.of("accepted", "in-progress", "completed");
	private static final String OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

	private final ResourceService resources;

	MinimumNecessary(ResourceService resources) {
		this.resources = resources;
	}

	/** What {@code caller} is shown of {@code resource}, which is already in its compartment. */
	// Redacts copies, never the resource it is given: a directory resource read from the store
	// leaves as its stored JSON (StoredJson), which a change in place would not reach.
	IBaseResource present(Caller caller, IBaseResource resource) {
		if (!caller.is(ClientKind.PRACTICE) || caller.breakGlass() != null) {
			return resource;
		}
		String id = resource.getIdElement().getIdPart();
		if (resource instanceof Task task) {
			return task.getStatus() != null && TAKEN_ON.contains(task.getStatus().toCode()) ? task : redact(task);
		}
		if (resource instanceof Patient patient) {
			return takenOn(caller, "patient", "Patient/" + id) ? patient : redact(patient);
		}
		if (resource instanceof ServiceRequest referral) {
			return takenOn(caller, "focus", "ServiceRequest/" + id) ? referral : redact(referral);
		}
		return resource;
	}

	private boolean takenOn(Caller caller, String parameter, String reference) {
		String roles = String.join(",", caller.actsFor().stream().map(Compartments::roleReference).toList());
		return resources.exists("Task", Map.of(parameter, new String[] {reference}, "owner", new String[] {roles},
				"status", new String[] {String.join(",", TAKEN_ON)}));
	}

	private static Patient redact(Patient full) {
		Patient minimum = new Patient();
		minimum.setId(full.getIdElement());
		minimum.setMeta(full.getMeta().copy());
		minimum.getMeta().addSecurity(OBSERVATION_VALUE, "REDACTED", "redacted");
		minimum.setGender(full.getGender());
		if (full.hasBirthDate()) {
			minimum.setBirthDateElement(new DateType(full.getBirthDate(), TemporalPrecisionEnum.YEAR));
		}
		full.getCommunication().forEach(c -> minimum.addCommunication(c.copy()));
		for (Address address : full.getAddress()) {
			minimum.addAddress().setCity(address.getCity()).setState(address.getState()).setCountry(address.getCountry());
		}
		return minimum;
	}

	private static ServiceRequest redact(ServiceRequest full) {
		ServiceRequest minimum = full.copy();
		minimum.setText(null);
		minimum.setNote(List.of());
		// a Patient sent inside the referral is shown as a stored one would be; anything else contained is not
		minimum.setContained(full.getContained().stream().filter(Patient.class::isInstance)
				.map(p -> (org.hl7.fhir.r4.model.Resource) redact((Patient) p)).toList());
		minimum.setSupportingInfo(List.of());
		minimum.setPatientInstruction(null);
		minimum.getSubject().setDisplay(null);
		minimum.getMeta().addSecurity(OBSERVATION_VALUE, "REDACTED", "redacted");
		return minimum;
	}

	private static Task redact(Task full) {
		Task minimum = full.copy();
		minimum.setText(null);
		minimum.getFor().setDisplay(null);
		minimum.getFocus().setDisplay(null);
		return minimum;
	}
}
