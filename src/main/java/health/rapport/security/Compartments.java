package health.rapport.security;

import health.rapport.fhir.server.ResourceService;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * The PHI compartments. An EHR sees the referrals (ServiceRequest, Task) its organisation
 * requested and the patients they are about; a practice sees the Tasks owned by one of its roles,
 * and the referrals and patients those Tasks are about. Nobody else sees PHI.
 */
@Component
class Compartments {

	/** A search restriction that matches nothing (no id has this form). */
	private static final Map<String, List<String>> NOTHING = Map.of("_id", List.of("--none--"));

	private final ResourceService resources;

	Compartments(ResourceService resources) {
		this.resources = resources;
	}

	/** Whether {@code resource} (with {@code id}, which a new resource may lack) is in the caller's compartment. */
	boolean contains(Caller caller, IBaseResource resource, String id) {
		String type = resource.fhirType();
		if (!AccessPolicy.PHI.contains(type) || caller.breakGlass() != null) {
			return true;
		}
		List<String> refs = references(caller);
		if (refs.isEmpty()) {
			return false;
		}
		if (AccessPolicy.SUPPORTING.contains(type)) {
			return supportingVisible(caller, resource, refs);
		}
		if (caller.is(ClientKind.EHR)) {
			return switch (type) {
				case "ServiceRequest" -> in(((ServiceRequest) resource).getRequester(), refs);
				case "Task" -> in(((Task) resource).getRequester(), refs);
				default -> id != null && resources.exists("ServiceRequest",
						Map.of("subject", new String[] {"Patient/" + id}, "requester", new String[] {String.join(",", refs)}));
			};
		}
		return switch (type) {
			case "Task" -> in(((Task) resource).getOwner(), refs);
			case "ServiceRequest" -> id != null && resources.exists("Task",
					Map.of("focus", new String[] {"ServiceRequest/" + id}, "owner", new String[] {String.join(",", refs)}));
			default -> id != null && resources.exists("Task",
					Map.of("patient", new String[] {"Patient/" + id}, "owner", new String[] {String.join(",", refs)}));
		};
	}

	/**
	 * A Condition, Coverage or DocumentReference sent with a referral: the referring EHR sees it,
	 * and a practice once it has taken on a referral about the same patient.
	 */
	private boolean supportingVisible(Caller caller, IBaseResource resource, List<String> refs) {
		Reference patient = resource instanceof Condition c ? c.getSubject()
				: resource instanceof Coverage c ? c.getBeneficiary()
						: resource instanceof DocumentReference d ? d.getSubject() : new Reference();
		String reference = patient.getReference();
		if (reference == null || !reference.startsWith("Patient/")) {
			return false;
		}
		String any = String.join(",", refs);
		return caller.is(ClientKind.EHR)
				? resources.exists("ServiceRequest", Map.of("subject", new String[] {reference}, "requester", new String[] {any}))
				: resources.exists("Task", Map.of("patient", new String[] {reference}, "owner", new String[] {any},
						"status", new String[] {String.join(",", MinimumNecessary.TAKEN_ON)}));
	}

	/**
	 * Search parameters that keep a search of {@code type} inside the caller's compartment. The
	 * supporting records are not searched (read them by id, or {@code _include} them from the
	 * referral).
	 */
	Map<String, List<String>> restriction(Caller caller, String type) {
		List<String> refs = references(caller);
		if (!AccessPolicy.PHI.contains(type) || caller.breakGlass() != null) {
			return Map.of();
		}
		if (refs.isEmpty() || AccessPolicy.SUPPORTING.contains(type)) {
			return NOTHING;
		}
		String any = String.join(",", refs);
		if (caller.is(ClientKind.EHR)) {
			return type.equals("Patient") ? Map.of("_has:ServiceRequest:subject:requester", List.of(any))
					: Map.of("requester", List.of(any));
		}
		return switch (type) {
			case "Task" -> Map.of("owner", List.of(any));
			case "ServiceRequest" -> Map.of("_has:Task:focus:owner", List.of(any));
			default -> Map.of("_has:Task:patient:owner", List.of(any));
		};
	}

	/** What the caller's compartment is keyed by: its Organization (ehr) or its PractitionerRoles (practice). */
	private static List<String> references(Caller caller) {
		if (caller.is(ClientKind.EHR)) {
			return caller.actsFor();
		}
		if (caller.is(ClientKind.PRACTICE)) {
			return caller.actsFor().stream().map(Compartments::roleReference).toList();
		}
		return List.of();
	}

	static String roleReference(String roleIdOrReference) {
		return roleIdOrReference.startsWith("PractitionerRole/") ? roleIdOrReference : "PractitionerRole/" + roleIdOrReference;
	}

	private static boolean in(Reference reference, List<String> refs) {
		return reference != null && reference.getReference() != null && refs.contains(reference.getReference());
	}
}
