package health.rapport.fhir.matching;

import static health.rapport.directory.DirectoryVocabulary.*;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.rapport.fhir.conformance.CodeHierarchy;
import health.rapport.matching.ConditionGuidance;
import health.rapport.matching.Delivery;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchWeights;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * Reads what a referral asks for into a {@link MatchRequest}: the referral's own extensions
 * first, then what the Patient says (age, languages, interpreter, address), with codes expanded
 * through Rapport's code systems. A referral that cannot be matched is a 422 naming the problem.
 */
@Component
public class ReferralReader {

	static final String EXT = CANONICAL + "/StructureDefinition/";
	static final String INTERPRETER_REQUIRED = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired";
	static final String GEOLOCATION = "http://hl7.org/fhir/StructureDefinition/geolocation";
	static final String SERVICE_TYPE = CANONICAL + "/CodeSystem/service-type";
	static final String SNOMED = "http://snomed.info/sct";
	static final int OLDEST_PLAUSIBLE_AGE = 125;

	private final CodeHierarchy hierarchy;
	private final Gazetteer gazetteer;
	private final MatchWeights weights;
	private final Clock clock;

	public ReferralReader(CodeHierarchy hierarchy, Gazetteer gazetteer, MatchWeights weights, Clock clock) {
		this.hierarchy = hierarchy;
		this.gazetteer = gazetteer;
		this.weights = weights;
		this.clock = clock;
	}

	public MatchRequest read(ServiceRequest referral, Patient patient) {
		String jurisdiction = jurisdiction(referral, patient);
		Set<String> modalities = new TreeSet<>();
		Set<String> families = new TreeSet<>();
		List<String> requested = codes(referral, EXT + "requested-modality");
		for (String code : requested) {
			Set<String> members = hierarchy.selfAndDescendants(CS_MODALITY, code);
			modalities.addAll(members);
			if (members.size() == 1) {
				hierarchy.selfAndAncestors(CS_MODALITY, code).stream().filter(a -> !a.equals(code)).forEach(families::add);
			}
		}
		Set<String> services = new TreeSet<>(ProviderProjection.codes(referral.getCode(), SERVICE_TYPE));
		Set<String> professions = new LinkedHashSet<>();
		referral.getPerformerType().getCoding().stream().filter(c -> NUCC.equals(c.getSystem())).forEach(c -> professions.add(c.getCode()));
		if (professions.isEmpty() && services.contains("psychological-assessment")) {
			professions.add("103T00000X");
		}
		boolean prescriber = requested.contains("medication-management") || services.contains("psychiatric-assessment");
		List<String> conditions = new ArrayList<>();
		referral.getReasonCode().forEach(c -> conditions.addAll(ProviderProjection.codes(c, SNOMED)));
		String priority = referral.hasPriority() ? referral.getPriority().toCode() : "routine";
		return new MatchRequest(population(patient), languages(referral, patient), interpreter(referral, patient),
				jurisdiction, location(patient, jurisdiction), weights.defaultRadiusKm(), professions, prescriber, modalities,
				families, ConditionGuidance.recommendedFor(conditions), first(codes(referral, EXT_FORMAT)),
				delivery(first(codes(referral, EXT + "delivery-preference"))), !priority.equals("routine"),
				gender(referral), !requested.isEmpty() && requested.stream().allMatch(this::nonverbal));
	}

	private boolean nonverbal(String modality) {
		return hierarchy.concept(CS_MODALITY, modality).map(c -> "true".equals(c.properties().get("nonverbal"))).orElse(false);
	}

	private String population(Patient patient) {
		if (!patient.hasBirthDate()) {
			return null;
		}
		LocalDate born = patient.getBirthDateElement().getValueAsCalendar().toZonedDateTime().toLocalDate();
		LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
		int age = Period.between(born, today).getYears();
		if (born.isAfter(today) || age > OLDEST_PLAUSIBLE_AGE) {
			throw problem("Patient.birthDate", "Impossible age: the client's birth date " + patient.getBirthDateElement().getValueAsString()
					+ " gives an age outside 0-" + OLDEST_PLAUSIBLE_AGE);
		}
		return age <= 12 ? "children" : age <= 17 ? "adolescents" : age <= 64 ? "adults" : "older-adults";
	}

	private static List<String> languages(ServiceRequest referral, Patient patient) {
		List<String> languages = new ArrayList<>(codes(referral, EXT + "preferred-language"));
		if (languages.isEmpty()) {
			patient.getCommunication().stream().sorted((a, b) -> Boolean.compare(b.getPreferred(), a.getPreferred()))
					.forEach(c -> languages.addAll(ProviderProjection.codes(c.getLanguage(), BCP47)));
		}
		return languages.stream().distinct().toList();
	}

	private static boolean interpreter(ServiceRequest referral, Patient patient) {
		Extension stated = referral.getExtensionByUrl(EXT + "interpreter-needed");
		if (stated == null) {
			stated = patient.getExtensionByUrl(INTERPRETER_REQUIRED);
		}
		return stated != null && stated.getValue() instanceof BooleanType b && b.booleanValue();
	}

	private static String jurisdiction(ServiceRequest referral, Patient patient) {
		String stated = first(codes(referral, EXT + "patient-jurisdiction"));
		if (stated != null) {
			return stated;
		}
		for (Address address : patient.getAddress()) {
			if (address.hasCountry() && address.hasState()) {
				return address.getCountry() + "-" + address.getState();
			}
		}
		throw problem("ServiceRequest.extension", "The client's jurisdiction is unknown: give the extension patient-jurisdiction,"
				+ " or a Patient address with country and state");
	}

	private GeoPoint location(Patient patient, String jurisdiction) {
		for (Address address : patient.getAddress()) {
			Extension geo = address.getExtensionByUrl(GEOLOCATION);
			if (geo != null && geo.getExtensionByUrl("latitude") != null && geo.getExtensionByUrl("longitude") != null) {
				return new GeoPoint(Double.parseDouble(geo.getExtensionByUrl("latitude").getValue().primitiveValue()),
						Double.parseDouble(geo.getExtensionByUrl("longitude").getValue().primitiveValue()));
			}
			var town = gazetteer.locate(jurisdiction, address.getCity());
			if (town.isPresent()) {
				return town.get();
			}
		}
		return null;
	}

	private static Delivery delivery(String code) {
		return code == null ? Delivery.EITHER : switch (code) {
			case "in-person" -> Delivery.IN_PERSON;
			case "virtual" -> Delivery.VIRTUAL;
			default -> Delivery.EITHER;
		};
	}

	private static String gender(ServiceRequest referral) {
		Extension preference = referral.getExtensionByUrl(EXT + "practitioner-gender-preference");
		return preference == null ? null : preference.getValue().primitiveValue();
	}

	private static List<String> codes(ServiceRequest referral, String url) {
		List<String> codes = new ArrayList<>();
		for (Extension e : referral.getExtensionsByUrl(url)) {
			codes.addAll(ProviderProjection.codes(e.getValue(), null));
		}
		return codes;
	}

	private static String first(List<String> codes) {
		return codes.isEmpty() ? null : codes.get(0);
	}

	static UnprocessableEntityException problem(String expression, String message) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.PROCESSING)
				.setDiagnostics(message).addExpression(expression);
		return new UnprocessableEntityException(message, outcome);
	}
}
