package health.rapport.security;

import ca.uhn.fhir.context.FhirContext;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.VerificationResult;

/**
 * One resource of each served type for one tenant, from the package's valid examples, ids and
 * references made unique by a suffix: an EHR's referral (Patient, ServiceRequest, Task requested
 * by {@link #ehrOrganization}, offered to {@link #role}), and directory resources, the
 * registration in {@link #jurisdiction}.
 */
final class SecurityFixture {

	static final File EXAMPLES = new File("fhir-profiles/examples");

	final String suffix;
	final String jurisdiction;
	final Map<String, Resource> resources = new LinkedHashMap<>();

	SecurityFixture(FhirContext context, String suffix, String jurisdiction) {
		this.suffix = suffix;
		this.jurisdiction = jurisdiction;
		build(context);
	}

	String ehrOrganization() {
		return "Organization/ehr-" + suffix;
	}

	String role() {
		return "role-" + suffix;
	}

	String id(String type) {
		return resources.get(type).getIdElement().getIdPart();
	}

	Resource get(String type) {
		return resources.get(type).copy();
	}

	/** The patient's names and identifiers, which must never reach a log. */
	List<String> patientSecrets() {
		Patient patient = (Patient) resources.get("Patient");
		return List.of(patient.getNameFirstRep().getFamily(), patient.getIdentifierFirstRep().getValue());
	}

	private void build(FhirContext context) {
		Patient patient = (Patient) example(context, "Patient-example-child.json");
		patient.setId("pat-" + suffix);
		patient.getNameFirstRep().setFamily("Zzyzxphi" + suffix.replaceAll("[^a-z]", ""));
		patient.addIdentifier().setSystem("https://ehr.example.org/mrn").setValue("MRN-PHI-" + suffix);
		ServiceRequest referral = (ServiceRequest) example(context, "ServiceRequest-example-referral-child.json");
		referral.setId("sr-" + suffix);
		referral.setSubject(new Reference("Patient/" + patient.getIdPart()));
		referral.setRequester(new Reference(ehrOrganization()));
		Task task = (Task) example(context, "Task-example-referral-offer.json");
		task.setId("task-" + suffix);
		task.setFocus(new Reference("ServiceRequest/" + referral.getIdPart()));
		task.setFor(new Reference("Patient/" + patient.getIdPart()));
		task.setRequester(new Reference(ehrOrganization()));
		task.setOwner(new Reference("PractitionerRole/" + role()));
		Resource practitioner = example(context, "Practitioner-example-counselor.json").setId("prac-" + suffix);
		PractitionerRole role = (PractitionerRole) example(context, "PractitionerRole-example-counselor-role.json");
		role.setId(role());
		role.setPractitioner(new Reference("Practitioner/prac-" + suffix));
		VerificationResult registration = (VerificationResult) example(context,
				"VerificationResult-example-counselor-registration.json");
		registration.setId("vr-" + suffix);
		registration.getExtensionByUrl(FhirAccess.JURISDICTION)
				.setValue(new CodeableConcept(new Coding("urn:iso:std:iso:3166:-2", jurisdiction, null)));
		Organization organization = new Organization().setName("Practice " + suffix);
		organization.setId("org-" + suffix);
		Location location = new Location().setName("Site " + suffix);
		location.setId("loc-" + suffix);
		HealthcareService service = new HealthcareService().setName("Service " + suffix);
		service.setId("hs-" + suffix);
		Endpoint endpoint = new Endpoint().setStatus(Endpoint.EndpointStatus.ACTIVE)
				.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "hl7-fhir-rest", null))
				.setAddress("https://fhir.example.org/" + suffix);
		endpoint.addPayloadType().setText("any");
		endpoint.setId("ep-" + suffix);
		for (Resource r : List.of(practitioner, role, organization, location, service, endpoint, registration, patient,
				referral, task)) {
			resources.put(r.fhirType(), r);
		}
	}

	private static Resource example(FhirContext context, String file) {
		try (var in = new FileInputStream(new File(EXAMPLES, file))) {
			return (Resource) context.newJsonParser().parseResource(in);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
