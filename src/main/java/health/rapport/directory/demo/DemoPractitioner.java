package health.rapport.directory.demo;

import static health.rapport.directory.DirectoryVocabulary.*;
import static health.rapport.directory.demo.DemoInfrastructure.concept;

import health.rapport.directory.demo.ReferenceData.Weighted;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.VerificationResult;

/** One demo practitioner: the Practitioner, their PractitionerRole and their registration check. */
final class DemoPractitioner {

	private static final List<Weighted<String>> STATUSES = List.of(new Weighted<>("registered", 88),
			new Weighted<>("registered-with-conditions", 4), new Weighted<>("suspended", 2), new Weighted<>("lapsed", 3),
			new Weighted<>("revoked", 1), new Weighted<>("pending", 2));
	private static final List<Weighted<String>> LANGUAGES = List.of(new Weighted<>("es", 14), new Weighted<>("zh", 3),
			new Weighted<>("vi", 2), new Weighted<>("ko", 1.5), new Weighted<>("tl", 1.5), new Weighted<>("ar", 2),
			new Weighted<>("fr", 3), new Weighted<>("hi", 1.5), new Weighted<>("pa", 1), new Weighted<>("ru", 1.5),
			new Weighted<>("pt", 1.5), new Weighted<>("de", 1), new Weighted<>("pl", 1));

	private final ReferenceData data;
	private final Draws draws;
	private final int index;
	private final Practice practice;
	private final Profession profession;
	private final String specialty;
	private final String jurisdiction;

	DemoPractitioner(ReferenceData data, Draws draws, int index, Practice practice) {
		this.data = data;
		this.draws = draws;
		this.index = index;
		this.practice = practice;
		this.profession = draws.weighted(Profession.ALL.stream().map(p -> new Weighted<>(p, p.weight())).toList());
		this.specialty = draws.any(profession.specialties());
		this.jurisdiction = practice.city().jurisdiction();
	}

	List<Resource> resources() {
		String status = draws.weighted(STATUSES);
		return List.of(practitioner(status), role(), verification(status));
	}

	String id() {
		return String.format(Locale.ROOT, "prac-%06d", index);
	}

	private String licence() {
		return jurisdiction.substring(3) + "-" + profession.board().name().charAt(0) + (100000 + index);
	}

	private Practitioner practitioner(String status) {
		boolean female = draws.chance(0.68);
		Practitioner p = new Practitioner();
		p.setId(id());
		p.setActive(true).setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
		p.addIdentifier(new Identifier().setSystem(NPI).setValue(Long.toString(9_900_000_000L + index)));
		HumanName name = p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(draws.weighted(data.surnames()))
				.addGiven(draws.weighted(female ? data.femaleNames() : data.maleNames()));
		name.addSuffix(suffix());
		p.addTelecom().setSystem(ContactPointSystem.PHONE).setValue(DemoInfrastructure.phone(practice.index()));
		p.addAddress(DemoInfrastructure.address(practice));
		for (String language : languages()) {
			CodeableConcept communication = p.addCommunication();
			communication.addCoding().setSystem(BCP47).setCode(language);
			String proficiency = language.equals("en") || draws.chance(0.5) ? "E" : "G";
			communication.addExtension(NDH_PROFICIENCY, concept(LANGUAGE_PROFICIENCY, proficiency,
					proficiency.equals("E") ? "Excellent" : "Good"));
		}
		Practitioner.PractitionerQualificationComponent q = p.addQualification();
		q.setCode(concept(NUCC, specialty, data.taxonomyNames().get(specialty)));
		q.addIdentifier().setSystem(CANONICAL + "/licence/" + jurisdiction).setValue(licence());
		q.setIssuer(new Reference("Organization/" + Practice.regulatorId(jurisdiction, profession.board())));
		q.setPeriod(new Period().setStartElement(new DateTimeType(draws.between(1990, 2024) + "-0" + draws.between(1, 9) + "-15")));
		q.addExtension(EXT_REGISTRATION_STATUS, concept(CS_REGISTRATION_STATUS, status, null));
		q.addExtension(EXT_JURISDICTION, concept(ISO_3166_2, jurisdiction, null));
		return p;
	}

	private String suffix() {
		return switch (profession.board()) {
			case MEDICAL -> "MD";
			case NURSING -> specialty.startsWith("363L") ? "PMHNP" : "RN";
			case BEHAVIORAL -> switch (profession.code()) {
				case "103T00000X" -> "PhD";
				case "1041C0700X" -> "LCSW";
				case "106H00000X" -> "LMFT";
				default -> "LPC";
			};
		};
	}

	private Set<String> languages() {
		Set<String> languages = new LinkedHashSet<>();
		languages.add("en");
		double extra = jurisdiction.startsWith("US-CA") || jurisdiction.startsWith("US-TX")
				|| jurisdiction.startsWith("US-FL") ? 0.45 : 0.25;
		if (draws.chance(extra)) {
			String language = draws.weighted(LANGUAGES);
			languages.add(jurisdiction.startsWith("CA-") && draws.chance(0.5) ? "fr" : language);
		}
		if (draws.chance(0.04)) {
			languages.add(signLanguage());
		}
		return languages;
	}

	private String signLanguage() {
		return switch (jurisdiction.substring(0, 2)) {
			case "GB" -> "bfi";
			case "AU" -> "asf";
			default -> "ase";
		};
	}

	private PractitionerRole role() {
		PractitionerRole role = new PractitionerRole();
		role.setId(id() + "-role");
		role.setActive(draws.chance(0.97));
		role.setPractitioner(new Reference("Practitioner/" + id()));
		role.setOrganization(new Reference("Organization/" + practice.organizationId()));
		role.addLocation(new Reference("Location/" + practice.locationId()));
		role.addHealthcareService(new Reference("HealthcareService/" + practice.serviceId()));
		role.addEndpoint(new Reference("Endpoint/" + practice.endpointId()));
		String roleCode = profession.roleCode(specialty);
		role.addCode(concept(NUCC, roleCode, data.taxonomyNames().get(roleCode)));
		role.addSpecialty(concept(NUCC, specialty, data.taxonomyNames().get(specialty)));
		role.addTelecom().setSystem(ContactPointSystem.PHONE).setValue(DemoInfrastructure.phone(practice.index()));
		role.addAvailableTime().addDaysOfWeek(PractitionerRole.DaysOfWeek.MON).addDaysOfWeek(PractitionerRole.DaysOfWeek.WED)
				.addDaysOfWeek(PractitionerRole.DaysOfWeek.THU).setAvailableStartTime("09:00:00").setAvailableEndTime("17:00:00");
		modalities().forEach(m -> role.addExtension(EXT_MODALITY, concept(CS_MODALITY, m, null)));
		populations().forEach(p -> role.addExtension(EXT_POPULATION, concept(CS_POPULATION, p, null)));
		formats().forEach(f -> role.addExtension(EXT_FORMAT, concept(CS_FORMAT, f, null)));
		deliveryMethods().forEach(d -> role.addExtension(EXT_DELIVERY_METHOD, concept(CS_DELIVERY_METHOD, d, null)));
		role.addExtension(EXT_ACCEPTING_NEW_CLIENTS, new BooleanType(draws.chance(0.8)));
		Duration wait = new Duration();
		wait.setValue(draws.between(0, 60)).setUnit("days").setSystem("http://unitsofmeasure.org").setCode("d");
		role.addExtension(EXT_TYPICAL_WAIT, wait);
		Money fee = new Money().setValue(new BigDecimal(draws.between(8, 30) * 10)).setCurrency(currency());
		role.addExtension(EXT_FEE, fee);
		role.addExtension(EXT_SLIDING_SCALE, new BooleanType(draws.chance(0.35)));
		role.addExtension(EXT_JURISDICTION, concept(ISO_3166_2, jurisdiction, null));
		role.addExtension(PLAN_NET_NETWORK, new Reference("Organization/network-" + draws.between(0, DemoInfrastructure.NETWORKS - 1)));
		return role;
	}

	private String currency() {
		return switch (jurisdiction.substring(0, 2)) {
			case "GB" -> "GBP";
			case "CA" -> "CAD";
			case "AU" -> "AUD";
			default -> "USD";
		};
	}

	private Set<String> modalities() {
		Set<String> modalities = new LinkedHashSet<>();
		if (profession.prescribes(specialty)) {
			modalities.add("medication-management");
		}
		int count = draws.between(1, 4);
		for (int i = 0; i < count; i++) {
			modalities.add(draws.any(profession.modalities()));
		}
		if (childServing() && draws.chance(0.6)) {
			modalities.add("play-therapy");
		}
		return modalities;
	}

	private boolean childServing() {
		return specialty.equals("103TC2200X") || specialty.equals("2084P0804X");
	}

	private List<String> populations() {
		if (childServing()) {
			return List.of("children", "adolescents");
		}
		List<String> populations = new ArrayList<>();
		if (draws.chance(0.15)) {
			populations.add("children");
		}
		if (draws.chance(0.35)) {
			populations.add("adolescents");
		}
		populations.add("adults");
		if (draws.chance(0.4)) {
			populations.add("older-adults");
		}
		return populations;
	}

	private List<String> formats() {
		List<String> formats = new ArrayList<>(List.of("individual"));
		if (profession.code().equals("106H00000X")) {
			formats.addAll(List.of("couple", "family"));
		} else if (draws.chance(0.2)) {
			formats.add(draws.any(List.of("couple", "family", "group")));
		}
		return formats;
	}

	private List<String> deliveryMethods() {
		double roll = draws.jitter(1);
		return roll < -0.5 ? List.of("in-person") : roll < 0.2 ? List.of("in-person", "virtual") : List.of("virtual");
	}

	private VerificationResult verification(String status) {
		VerificationResult vr = new VerificationResult();
		vr.setId(id() + "-registration");
		String regulator = "Organization/" + Practice.regulatorId(jurisdiction, profession.board());
		vr.addTarget(new Reference("Practitioner/" + id()));
		vr.addTargetLocation("Practitioner.qualification[0]");
		vr.setStatus(VerificationResult.Status.VALIDATED).setStatusDateElement(new DateTimeType("2026-11-01"));
		vr.setValidationType(concept("http://terminology.hl7.org/CodeSystem/validation-type", "primary", "Primary Source"));
		vr.addValidationProcess(concept("http://terminology.hl7.org/CodeSystem/validation-process", "primary", "Primary Source"));
		vr.addPrimarySource().setWho(new Reference(regulator))
				.addType(concept("http://terminology.hl7.org/CodeSystem/primary-source-type", "lic-board", "License Board"))
				.setValidationStatus(concept("http://terminology.hl7.org/CodeSystem/validation-status", "successful", "Successful"));
		vr.addValidator().setOrganization(new Reference(regulator));
		vr.addExtension(EXT_REGISTRATION_STATUS, concept(CS_REGISTRATION_STATUS, status, null));
		vr.addExtension(EXT_JURISDICTION, concept(ISO_3166_2, jurisdiction, null));
		vr.addExtension(EXT_REGISTRATION_NUMBER, new StringType(licence()));
		if (status.equals("registered-with-conditions")) {
			vr.addExtension(EXT_CONDITIONS, new StringType("Practice under clinical supervision until review"));
		}
		vr.addExtension(EXT_EFFECTIVE_DATE, new DateType("2026-0" + draws.between(1, 9) + "-01"));
		return vr;
	}
}
