package health.rapport.directory.demo;

import static health.rapport.directory.DirectoryVocabulary.CANONICAL;
import static health.rapport.directory.DirectoryVocabulary.NUCC;
import static health.rapport.directory.DirectoryVocabulary.PLAN_NET_COVERAGE_AREA;
import static health.rapport.directory.DirectoryVocabulary.PLAN_NET_ORG_TYPE;

import health.rapport.directory.demo.Profession.Board;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The organisations and places practitioners belong to: a coverage area per jurisdiction, its
 * regulators, insurer networks, health systems, and practices with their site, service and
 * FHIR endpoint.
 */
final class DemoInfrastructure {

	static final int NETWORKS = 4;
	static final int SYSTEMS = 6;
	private static final String ORG_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";
	private static final String[] NETWORK_NAMES = {"Evergreen Behavioral Network", "Harbor Mental Health Plan",
			"Summit Care Alliance", "Meridian Wellbeing Network"};
	private static final String[] SYSTEM_NAMES = {"Northfield Health", "Riverbend Health System",
			"St. Brigid Community Health", "Lakeshore Partners in Care", "Cedar Valley Health", "Pacific Crest Health"};

	private DemoInfrastructure() {}

	static List<Resource> areasAndRegulators() {
		List<Resource> resources = new ArrayList<>();
		for (Jurisdiction j : Jurisdiction.DEMO) {
			Location area = new Location();
			area.setId(Practice.areaId(j.code()));
			area.setStatus(Location.LocationStatus.ACTIVE).setName(j.name()).setMode(Location.LocationMode.KIND);
			area.setPhysicalType(concept("http://terminology.hl7.org/CodeSystem/location-physical-type", "jdn", "Jurisdiction"));
			area.setAddress(new Address().setState(j.state()).setCountry(j.country()));
			resources.add(area);
			for (Board board : Board.values()) {
				resources.add(regulator(j, board));
			}
		}
		return resources;
	}

	private static Organization regulator(Jurisdiction j, Board board) {
		Organization org = new Organization();
		org.setId(Practice.regulatorId(j.code(), board));
		String name = switch (board) {
			case MEDICAL -> j.name() + " Medical Board";
			case NURSING -> j.name() + " Board of Nursing";
			case BEHAVIORAL -> j.name() + " Board of Psychology and Behavioral Health";
		};
		org.setActive(true).setName(name).addType(concept(ORG_TYPE, "govt", "Government"));
		org.addIdentifier().setSystem(CANONICAL + "/regulator").setValue(org.getIdElement().getIdPart());
		org.addAddress().setState(j.state()).setCountry(j.country());
		org.addExtension(PLAN_NET_COVERAGE_AREA, new Reference("Location/" + Practice.areaId(j.code())));
		return org;
	}

	static List<Resource> networksAndSystems() {
		List<Resource> resources = new ArrayList<>();
		for (int i = 0; i < NETWORKS; i++) {
			Organization network = new Organization();
			network.setId("network-" + i);
			network.setActive(true).setName(NETWORK_NAMES[i]).addType(concept(PLAN_NET_ORG_TYPE, "ntwk", "Network"));
			resources.add(network);
		}
		for (int i = 0; i < SYSTEMS; i++) {
			Organization system = new Organization();
			system.setId("system-" + i);
			system.setActive(true).setName(SYSTEM_NAMES[i]).addType(concept(ORG_TYPE, "prov", "Healthcare Provider"));
			resources.add(system);
		}
		return resources;
	}

	static List<Resource> practice(Practice p, Draws draws) {
		String area = "Location/" + Practice.areaId(p.city().jurisdiction());
		Organization org = new Organization();
		org.setId(p.organizationId());
		org.setActive(true).setName(p.name()).addType(concept(ORG_TYPE, "prov", "Healthcare Provider"));
		org.addIdentifier().setSystem(CANONICAL + "/practice").setValue("P" + (100000 + p.index()));
		org.addTelecom().setSystem(ContactPointSystem.PHONE).setValue(phone(p.index()));
		org.addAddress(address(p));
		org.addEndpoint(new Reference("Endpoint/" + p.endpointId()));
		org.addExtension(PLAN_NET_COVERAGE_AREA, new Reference(area));
		if (draws.chance(0.4)) {
			org.setPartOf(new Reference("Organization/system-" + draws.between(0, SYSTEMS - 1)));
		}

		Endpoint endpoint = new Endpoint();
		endpoint.setId(p.endpointId());
		endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE).setName(p.name() + " FHIR API")
				.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "hl7-fhir-rest",
						"HL7 FHIR"))
				.setManagingOrganization(new Reference("Organization/" + p.organizationId()))
				.setAddress("https://fhir.practice-" + p.index() + ".example.org/r4");
		endpoint.addPayloadType(concept("http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "any", "Any"));
		endpoint.addIdentifier().setSystem(CANONICAL + "/endpoint").setValue(p.endpointId());

		Location site = new Location();
		site.setId(p.locationId());
		site.setStatus(Location.LocationStatus.ACTIVE).setName(p.name() + " - " + p.city().name())
				.setMode(Location.LocationMode.INSTANCE).setAddress(address(p))
				.setManagingOrganization(new Reference("Organization/" + p.organizationId())).setPartOf(new Reference(area));
		site.addType(concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "OF", "Outpatient facility"));
		site.getPosition().setLatitude(p.lat()).setLongitude(p.lon());
		site.addEndpoint(new Reference("Endpoint/" + p.endpointId()));
		site.addTelecom().setSystem(ContactPointSystem.PHONE).setValue(phone(p.index()));

		HealthcareService service = new HealthcareService();
		service.setId(p.serviceId());
		service.setActive(true).setName("Outpatient psychotherapy at " + p.name())
				.setProvidedBy(new Reference("Organization/" + p.organizationId()));
		service.addCategory(concept("http://terminology.hl7.org/CodeSystem/service-category", "8", "Counselling"));
		service.addType(concept(CANONICAL + "/CodeSystem/service-type", "outpatient-psychotherapy", "Outpatient psychotherapy"));
		service.addSpecialty(concept(NUCC, "103TC0700X", "Clinical Psychologist"));
		service.addSpecialty(concept(NUCC, "1041C0700X", "Clinical Social Worker"));
		service.addLocation(new Reference("Location/" + p.locationId()));
		service.addCoverageArea(new Reference(area));
		service.addEndpoint(new Reference("Endpoint/" + p.endpointId()));
		return List.of(endpoint, org, site, service);
	}

	static Address address(Practice p) {
		return new Address().setUse(Address.AddressUse.WORK).addLine(p.street()).setCity(p.city().name())
				.setState(p.city().state()).setPostalCode(p.postalCode()).setCountry(p.city().country());
	}

	static String phone(int index) {
		return String.format(Locale.ROOT, "+1-555-%03d-%04d", (index / 10000) % 1000, index % 10000);
	}

	static CodeableConcept concept(String system, String code, String display) {
		return new CodeableConcept(new Coding(system, code, display));
	}
}
