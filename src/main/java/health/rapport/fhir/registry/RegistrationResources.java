package health.rapport.fhir.registry;

import static health.rapport.directory.DirectoryVocabulary.*;

import health.rapport.fhir.server.ResourceFinder;
import health.rapport.fhir.server.ResourceService;
import health.rapport.registry.Register.Stored;
import health.rapport.registry.Registration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.VerificationResult;
import org.springframework.stereotype.Component;

/**
 * What one registration looks like on the FHIR side: the regulator's VerificationResult (the one
 * already published for this number, else a new one for the Practitioner it can be linked to, by
 * licence or NPI) and the registration status on the Practitioner's matching qualification.
 */
@Component
class RegistrationResources {

	private static final String REGISTRATION_URL = CANONICAL + "/StructureDefinition/rapport-verificationresult";

	private final ResourceFinder finder;
	private final ResourceService resources;

	RegistrationResources(ResourceFinder finder, ResourceService resources) {
		this.finder = finder;
		this.resources = resources;
	}

	/**
	 * What a batch of registrations may already have on the FHIR side, looked up with a few
	 * searches for the whole batch (OR lists of numbers and identifiers) rather than a few per
	 * registration: a register import's thousands of changes publish at the pace of the store.
	 */
	record Lookups(Map<String, VerificationResult> verifications, Map<String, String> practitioners) {}

	private static final int OR_LIST = 100;

	Lookups lookUp(List<Stored> batch) {
		Map<String, VerificationResult> verifications = new HashMap<>();
		for (List<String> numbers : chunks(batch.stream().map(s -> s.registration().number()).distinct().toList())) {
			for (IBaseResource found : finder.find("VerificationResult", Map.of("registration-number:exact", String.join(",", numbers)))) {
				VerificationResult vr = (VerificationResult) found;
				String jurisdiction = code(vr.getExtensionByUrl(EXT_JURISDICTION));
				Extension number = vr.getExtensionByUrl(EXT_REGISTRATION_NUMBER);
				if (jurisdiction != null && number != null) {
					verifications.putIfAbsent(jurisdiction + "|" + ((StringType) number.getValue()).getValue(), vr);
				}
			}
		}
		List<String> identifiers = new ArrayList<>();
		for (Stored s : batch) {
			Registration r = s.registration();
			if (!verifications.containsKey(key(r)) && s.practitioner() == null) {
				identifiers.add(licence(r));
				if (r.npi() != null) {
					identifiers.add(NPI + "|" + r.npi());
				}
			}
		}
		Map<String, String> practitioners = new HashMap<>();
		for (List<String> chunk : chunks(identifiers)) {
			for (IBaseResource found : finder.find("Practitioner", Map.of("identifier", String.join(",", chunk)))) {
				for (Identifier id : ((Practitioner) found).getIdentifier()) {
					practitioners.putIfAbsent(id.getSystem() + "|" + id.getValue(), found.getIdElement().getIdPart());
				}
			}
		}
		return new Lookups(verifications, practitioners);
	}

	/** The resources to write for the registration's current state; empty when no Practitioner can be linked. */
	List<Resource> of(Stored stored, Lookups lookups) {
		Registration r = stored.registration();
		Optional<VerificationResult> existing = Optional.ofNullable(lookups.verifications().get(key(r)));
		Optional<String> practitionerId = existing.map(vr -> vr.getTargetFirstRep().getReferenceElement().getIdPart())
				.or(() -> Optional.ofNullable(stored.practitioner()))
				.or(() -> Optional.ofNullable(lookups.practitioners().get(licence(r))))
				.or(() -> Optional.ofNullable(r.npi() == null ? null : lookups.practitioners().get(NPI + "|" + r.npi())));
		if (practitionerId.isEmpty()) {
			return List.of();
		}
		List<Resource> writes = new ArrayList<>();
		if (existing.isEmpty() || !shows(existing.get(), r)) {
			VerificationResult vr = existing.orElseGet(() -> newVerification(r, practitionerId.get()));
			stamp(vr, r);
			writes.add(vr);
		}
		practitioner(practitionerId.get()).filter(p -> stampQualification(p, r)).ifPresent(writes::add);
		return writes;
	}

	/** The id of the linked Practitioner, when {@link #of} wrote something for one. */
	static String practitionerOf(List<Resource> writes) {
		return writes.stream().filter(w -> w instanceof VerificationResult).findFirst()
				.map(w -> ((VerificationResult) w).getTargetFirstRep().getReferenceElement().getIdPart())
				.orElseGet(() -> writes.isEmpty() ? null : writes.get(0).getIdElement().getIdPart());
	}

	/** Whether the VerificationResult already says what the register says: then publishing again writes nothing. */
	private static boolean shows(VerificationResult vr, Registration r) {
		Extension conditions = vr.getExtensionByUrl(EXT_CONDITIONS);
		Extension effective = vr.getExtensionByUrl(EXT_EFFECTIVE_DATE);
		return r.status().code().equals(code(vr.getExtensionByUrl(EXT_REGISTRATION_STATUS)))
				&& java.util.Objects.equals(r.conditions(), conditions == null ? null : ((StringType) conditions.getValue()).getValue())
				&& java.util.Objects.equals(r.effectiveDate() == null ? null : r.effectiveDate().toString(),
						effective == null ? null : ((DateType) effective.getValue()).getValueAsString());
	}

	private static String key(Registration r) {
		return r.jurisdiction() + "|" + r.number();
	}

	private static String licence(Registration r) {
		return CANONICAL + "/licence/" + r.jurisdiction() + "|" + r.number();
	}

	private static List<List<String>> chunks(List<String> values) {
		List<List<String>> chunks = new ArrayList<>();
		for (int i = 0; i < values.size(); i += OR_LIST) {
			chunks.add(values.subList(i, Math.min(values.size(), i + OR_LIST)));
		}
		return chunks;
	}

	/** The code of an extension's CodeableConcept value, or null. */
	static String code(Extension extension) {
		return extension == null || !(extension.getValue() instanceof CodeableConcept c) ? null : c.getCodingFirstRep().getCode();
	}

	private Optional<Practitioner> practitioner(String id) {
		try {
			return Optional.of((Practitioner) resources.read("Practitioner", id));
		} catch (RuntimeException gone) {
			return Optional.empty();
		}
	}

	private VerificationResult newVerification(Registration r, String practitionerId) {
		VerificationResult vr = new VerificationResult();
		vr.setId(("reg-" + r.jurisdiction() + "-" + r.number()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-"));
		vr.getMeta().addProfile(REGISTRATION_URL);
		vr.addTarget(new Reference("Practitioner/" + practitionerId));
		vr.setValidationType(concept("http://terminology.hl7.org/CodeSystem/validation-type", "primary"));
		vr.addValidationProcess(concept("http://terminology.hl7.org/CodeSystem/validation-process", "primary"));
		Reference regulator = regulator(r);
		vr.addPrimarySource().setWho(regulator)
				.addType(concept("http://terminology.hl7.org/CodeSystem/primary-source-type", "lic-board"));
		vr.addValidator().setOrganization(regulator);
		return vr;
	}

	/** The licensing board's Organization when the directory has it, else a reference by name. */
	private Reference regulator(Registration r) {
		String board = r.profession().startsWith("2084") ? "medical"
				: r.profession().startsWith("163W") || r.profession().startsWith("363L") || r.profession().startsWith("364S")
						? "nursing" : "behavioral";
		String id = "regulator-" + r.jurisdiction().toLowerCase(Locale.ROOT) + "-" + board;
		try {
			resources.read("Organization", id);
			return new Reference("Organization/" + id);
		} catch (RuntimeException absent) {
			return new Reference().setDisplay("Licensing board, " + r.jurisdiction());
		}
	}

	private static void stamp(VerificationResult vr, Registration r) {
		vr.setStatus(VerificationResult.Status.VALIDATED).setStatusDate(new Date());
		vr.getExtension().removeIf(e -> e.getUrl().equals(EXT_REGISTRATION_STATUS) || e.getUrl().equals(EXT_JURISDICTION)
				|| e.getUrl().equals(EXT_REGISTRATION_NUMBER) || e.getUrl().equals(EXT_CONDITIONS)
				|| e.getUrl().equals(EXT_EFFECTIVE_DATE));
		vr.addExtension(EXT_REGISTRATION_STATUS, concept(CS_REGISTRATION_STATUS, r.status().code()));
		vr.addExtension(EXT_JURISDICTION, concept(ISO_3166_2, r.jurisdiction()));
		vr.addExtension(EXT_REGISTRATION_NUMBER, new StringType(r.number()));
		if (r.conditions() != null) {
			vr.addExtension(EXT_CONDITIONS, new StringType(r.conditions()));
		}
		if (r.effectiveDate() != null) {
			vr.addExtension(EXT_EFFECTIVE_DATE, new DateType(r.effectiveDate().toString()));
		}
	}

	/** Sets the status on the qualification carrying this licence; whether anything changed. */
	private static boolean stampQualification(Practitioner p, Registration r) {
		boolean changed = false;
		for (Practitioner.PractitionerQualificationComponent q : p.getQualification()) {
			boolean thisLicence = q.getIdentifier().stream().map(Identifier::getValue).anyMatch(r.number()::equals);
			if (!thisLicence) {
				continue;
			}
			Extension status = q.getExtensionByUrl(EXT_REGISTRATION_STATUS);
			String current = status == null ? null : ((CodeableConcept) status.getValue()).getCodingFirstRep().getCode();
			if (!r.status().code().equals(current)) {
				q.getExtension().removeIf(e -> e.getUrl().equals(EXT_REGISTRATION_STATUS));
				q.addExtension(EXT_REGISTRATION_STATUS, concept(CS_REGISTRATION_STATUS, r.status().code()));
				changed = true;
			}
		}
		return changed;
	}

	private static CodeableConcept concept(String system, String code) {
		CodeableConcept concept = new CodeableConcept();
		concept.addCoding().setSystem(system).setCode(code);
		return concept;
	}
}
