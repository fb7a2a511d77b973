package health.rapport.fhir.matching;

import static health.rapport.directory.DirectoryVocabulary.*;

import health.rapport.fhir.conformance.CodeHierarchy;
import health.rapport.matching.Fee;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.PractiseRights;
import health.rapport.matching.Professions;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.Registration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.VerificationResult;
import org.springframework.stereotype.Component;

/**
 * Flattens a PractitionerRole with its Practitioner, Locations and VerificationResults into the
 * {@link ProviderProfile} matching reads. Rapport's extensions and the NDH / Plan-Net forms of the
 * same facts are both read (fhir-profiles/README.md maps them).
 */
@Component
public class ProviderProjection {

	static final String NDH_NEW_PATIENTS = "http://hl7.org/fhir/us/ndh/StructureDefinition/base-ext-newpatients";
	static final String PLAN_NET_NEW_PATIENTS = "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/newpatients";
	static final String NDH_DELIVERY = "http://hl7.org/fhir/us/ndh/StructureDefinition/base-ext-delivery-method";

	/**
	 * What the referral workflow has seen of a role: the median days it took to accept an offer,
	 * null when it has not accepted enough offers to tell.
	 */
	@FunctionalInterface
	public interface ObservedWaits {
		ObservedWaits NONE = role -> null;

		Integer acceptanceDays(String roleId);
	}

	private final CodeHierarchy hierarchy;
	private final PractiseRights rights;
	private final ObservedWaits observed;

	public ProviderProjection(CodeHierarchy hierarchy, PractiseRights rights, ObservedWaits observed) {
		this.hierarchy = hierarchy;
		this.rights = rights;
		this.observed = observed;
	}

	public ProviderProfile project(PractitionerRole role, Practitioner practitioner, List<Location> locations,
			List<VerificationResult> verifications) {
		Set<String> professions = new LinkedHashSet<>();
		role.getCode().forEach(c -> professions.addAll(codes(c, NUCC)));
		role.getSpecialty().forEach(c -> professions.addAll(codes(c, NUCC)));
		Set<String> families = professions.stream().map(Professions::professionOf).collect(Collectors.toCollection(TreeSet::new));
		Set<String> modalities = extensionCodes(role, EXT_MODALITY);
		Set<String> modalityFamilies = new TreeSet<>();
		modalities.forEach(m -> hierarchy.selfAndAncestors(CS_MODALITY, m).stream().filter(a -> !a.equals(m))
				.forEach(modalityFamilies::add));
		Set<String> delivery = extensionCodes(role, EXT_DELIVERY_METHOD);
		role.getExtensionsByUrl(NDH_DELIVERY).forEach(e -> e.getExtensionsByUrl("deliveryMethodtype")
				.forEach(t -> delivery.addAll(codes(t.getValue(), null).stream()
						.map(c -> c.equals("physical") ? "in-person" : c).toList())));
		List<GeoPoint> sites = locations.stream().filter(Location::hasPosition)
				.map(l -> new GeoPoint(l.getPosition().getLatitude().doubleValue(), l.getPosition().getLongitude().doubleValue()))
				.toList();
		List<Registration> registrations = registrations(practitioner, verifications);
		Set<String> practiseIn = new TreeSet<>();
		Set<String> telehealthIn = new TreeSet<>();
		for (String profession : families) {
			practiseIn.addAll(rights.practiseIn(profession, registrations));
			telehealthIn.addAll(rights.telehealthIn(profession, registrations));
		}
		boolean active = (!role.hasActive() || role.getActive()) && (practitioner == null || !practitioner.hasActive()
				|| practitioner.getActive());
		return new ProviderProfile(role.getIdElement().getIdPart(), role.getPractitioner().getReferenceElement().getIdPart(),
				name(role, practitioner), active, acceptingNewClients(role), professions, families,
				professions.stream().anyMatch(Professions.PRESCRIBERS::contains), modalities, modalityFamilies,
				extensionCodes(role, EXT_POPULATION), extensionCodes(role, EXT_FORMAT),
				delivery.isEmpty() ? !sites.isEmpty() : delivery.contains("in-person"), delivery.contains("virtual"),
				languages(practitioner), practitioner != null && practitioner.hasGender() ? practitioner.getGender().toCode() : null,
				sites, waitDays(role), registrations, practiseIn, telehealthIn, fee(role), slidingScale(role));
	}

	/**
	 * The wait a client can expect: the role's stated typical wait, or the time it has been seen to
	 * take to accept a referral when that is longer (a wait list cannot start before acceptance).
	 */
	private Integer waitDays(PractitionerRole role) {
		Integer stated = statedWaitDays(role);
		Integer seen = observed.acceptanceDays(role.getIdElement().getIdPart());
		if (seen == null || stated == null) {
			return seen == null ? stated : seen;
		}
		return Math.max(stated, seen);
	}

	/** The regulator's VerificationResult for a jurisdiction outranks what the Practitioner states. */
	private static List<Registration> registrations(Practitioner practitioner, List<VerificationResult> verifications) {
		Map<String, String> byJurisdiction = new LinkedHashMap<>();
		if (practitioner != null) {
			for (var q : practitioner.getQualification()) {
				put(byJurisdiction, q::getExtensionByUrl);
			}
		}
		for (VerificationResult vr : verifications) {
			put(byJurisdiction, vr::getExtensionByUrl);
		}
		List<Registration> registrations = new ArrayList<>();
		byJurisdiction.forEach((j, status) -> registrations.add(new Registration(j, status)));
		return registrations;
	}

	private static void put(Map<String, String> byJurisdiction, Function<String, Extension> extension) {
		String jurisdiction = firstCode(extension.apply(EXT_JURISDICTION));
		String status = firstCode(extension.apply(EXT_REGISTRATION_STATUS));
		if (jurisdiction != null && status != null) {
			byJurisdiction.put(jurisdiction, status);
		}
	}

	private static boolean acceptingNewClients(PractitionerRole role) {
		Extension rapport = role.getExtensionByUrl(EXT_ACCEPTING_NEW_CLIENTS);
		if (rapport != null && rapport.getValue() instanceof BooleanType accepting) {
			return accepting.booleanValue();
		}
		for (String url : List.of(NDH_NEW_PATIENTS, PLAN_NET_NEW_PATIENTS)) {
			Extension newPatients = role.getExtensionByUrl(url);
			if (newPatients != null) {
				return firstCode(newPatients.getExtensionByUrl("acceptingPatients")) != null
						&& firstCode(newPatients.getExtensionByUrl("acceptingPatients")).equals("newpt");
			}
		}
		return false; // not stated: not offered referrals
	}

	/** NDH proficiency: excellent 1, good 0.7, fair or poor 0.4; not stated counts as good. */
	private static Map<String, Double> languages(Practitioner practitioner) {
		Map<String, Double> languages = new LinkedHashMap<>();
		if (practitioner == null) {
			return languages;
		}
		for (CodeableConcept communication : practitioner.getCommunication()) {
			String level = firstCode(communication.getExtensionByUrl(NDH_PROFICIENCY));
			double proficiency = level == null ? MatchScorer.GOOD : switch (level) {
				case "E" -> MatchScorer.EXCELLENT;
				case "G" -> MatchScorer.GOOD;
				default -> MatchScorer.SOME;
			};
			for (String code : codes(communication, BCP47)) {
				languages.merge(code, proficiency, Math::max);
			}
		}
		return languages;
	}

	private static Integer statedWaitDays(PractitionerRole role) {
		Extension wait = role.getExtensionByUrl(EXT_TYPICAL_WAIT);
		if (wait == null || !(wait.getValue() instanceof Duration d) || !d.hasValue()) {
			return null;
		}
		double days = d.getValue().doubleValue() * switch (d.hasCode() ? d.getCode() : "d") {
			case "wk" -> 7;
			case "mo" -> 30;
			default -> 1;
		};
		return (int) Math.round(days);
	}

	/** The stated fee; none when it lacks an amount or an ISO 4217 currency, or the amount is out of range. */
	private static Fee fee(PractitionerRole role) {
		Extension fee = role.getExtensionByUrl(EXT_FEE);
		if (fee == null || !(fee.getValue() instanceof Money money) || !money.hasValue() || !money.hasCurrency()) {
			return null;
		}
		try {
			return new Fee(money.getValue(), money.getCurrency());
		} catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static boolean slidingScale(PractitionerRole role) {
		Extension sliding = role.getExtensionByUrl(EXT_SLIDING_SCALE);
		return sliding != null && sliding.getValue() instanceof BooleanType offered && offered.booleanValue();
	}

	private static String name(PractitionerRole role, Practitioner practitioner) {
		if (practitioner != null && practitioner.hasName()) {
			HumanName name = practitioner.getNameFirstRep();
			String suffix = name.hasSuffix() ? ", " + name.getSuffix().get(0).getValue() : "";
			return (name.getGivenAsSingleString() + " " + name.getFamily()).trim() + suffix;
		}
		return role.getPractitioner().hasDisplay() ? role.getPractitioner().getDisplay() : role.getIdElement().getIdPart();
	}

	private static Set<String> extensionCodes(DomainResource resource, String url) {
		Set<String> codes = new TreeSet<>();
		resource.getExtensionsByUrl(url).forEach(e -> codes.addAll(codes(e.getValue(), null)));
		return codes;
	}

	private static String firstCode(Extension extension) {
		if (extension == null) {
			return null;
		}
		List<String> codes = codes(extension.getValue(), null);
		return codes.isEmpty() ? null : codes.get(0);
	}

	/** The codes of a CodeableConcept or Coding (of one system, when given). */
	static List<String> codes(Object value, String system) {
		List<Coding> codings = value instanceof CodeableConcept cc ? cc.getCoding()
				: value instanceof Coding c ? List.of(c) : List.of();
		return codings.stream().filter(c -> c.hasCode() && (system == null || system.equals(c.getSystem())))
				.map(Coding::getCode).toList();
	}
}
