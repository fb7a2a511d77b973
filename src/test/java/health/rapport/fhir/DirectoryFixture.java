package health.rapport.fhir;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.VerificationResult;

/**
 * A small directory in which every search parameter of the Plan-Net and NDH capability
 * statements has something to find, all names and ids made unique by a run suffix. It is sent
 * as one transaction whose entries refer to each other by {@code urn:uuid}.
 */
final class DirectoryFixture {

	static final String NUCC = "http://nucc.org/provider-taxonomy";
	final String run;

	DirectoryFixture(String run) {
		this.run = run;
	}

	String id(String name) {
		return name + "-" + run;
	}

	String city() {
		return "Cityville " + run;
	}

	String postalCode() {
		return "PC" + run;
	}

	Bundle transaction() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Organization network = new Organization().setName("Network " + run)
				.addType(concept("http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/OrgTypeCS", "ntwk"));
		Organization system = new Organization().setName("System " + run);
		Location area = new Location().setName("Area " + run).setMode(Location.LocationMode.KIND);
		area.setPhysicalType(concept("http://terminology.hl7.org/CodeSystem/location-physical-type", "jdn"));
		Organization practice = new Organization().setActive(true).setName("Practice " + run)
				.addType(concept("http://terminology.hl7.org/CodeSystem/organization-type", "prov"))
				.setPartOf(new Reference("urn:uuid:system-" + run));
		practice.addIdentifier().setSystem("https://example.org/practice").setValue(id("practice"));
		practice.addAddress(address());
		practice.addEndpoint(new Reference("urn:uuid:endpoint-" + run));
		practice.addExtension("http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/location-reference",
				new Reference("urn:uuid:area-" + run));
		Endpoint endpoint = new Endpoint().setStatus(Endpoint.EndpointStatus.ACTIVE)
				.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "hl7-fhir-rest", null))
				.setAddress("https://fhir.example.org/" + run).setManagingOrganization(new Reference("urn:uuid:practice-" + run));
		endpoint.addIdentifier().setSystem("https://example.org/endpoint").setValue(id("endpoint"));
		endpoint.addPayloadType(concept("http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "any"));
		Location site = new Location().setStatus(Location.LocationStatus.ACTIVE).setName("Site " + run).setAddress(address())
				.setManagingOrganization(new Reference("urn:uuid:practice-" + run)).setPartOf(new Reference("urn:uuid:area-" + run));
		site.addType(concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "OF"));
		site.addEndpoint(new Reference("urn:uuid:endpoint-" + run));
		site.getPosition().setLatitude(-45.0).setLongitude(-140.0);
		HealthcareService service = new HealthcareService().setActive(true).setName("Therapy " + run)
				.setProvidedBy(new Reference("urn:uuid:practice-" + run));
		service.addCategory(concept("http://terminology.hl7.org/CodeSystem/service-category", "8"));
		service.addType(concept("https://rapport.health/fhir/CodeSystem/service-type", "outpatient-psychotherapy"));
		service.addSpecialty(concept(NUCC, "103TC0700X"));
		service.addLocation(new Reference("urn:uuid:site-" + run));
		service.addCoverageArea(new Reference("urn:uuid:area-" + run));
		service.addEndpoint(new Reference("urn:uuid:endpoint-" + run));
		Practitioner practitioner = practitioner("Giv", "es", AdministrativeGender.FEMALE);
		practitioner.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue(id("npi"));
		Practitioner colleague = practitioner("Other", "en", AdministrativeGender.MALE);
		PractitionerRole role = new PractitionerRole().setActive(true)
				.setPractitioner(new Reference("urn:uuid:practitioner-" + run))
				.setOrganization(new Reference("urn:uuid:practice-" + run));
		role.addLocation(new Reference("urn:uuid:site-" + run));
		role.addHealthcareService(new Reference("urn:uuid:service-" + run));
		role.addEndpoint(new Reference("urn:uuid:endpoint-" + run));
		role.addSpecialty(concept(NUCC, "103TC0700X"));
		role.addCode(concept(NUCC, "103T00000X"));
		role.addExtension("http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/network-reference",
				new Reference("urn:uuid:network-" + run));
		VerificationResult check = new VerificationResult().setStatus(VerificationResult.Status.VALIDATED);
		check.addTarget(new Reference("urn:uuid:practitioner-" + run));
		check.addExtension("https://rapport.health/fhir/StructureDefinition/registration-status",
				concept("https://rapport.health/fhir/CodeSystem/registration-status", "registered"));
		check.addExtension("https://rapport.health/fhir/StructureDefinition/jurisdiction",
				concept("urn:iso:std:iso:3166:-2", "US-CA"));
		check.addPrimarySource().setWho(new Reference("urn:uuid:system-" + run))
				.addType(concept("http://terminology.hl7.org/CodeSystem/primary-source-type", "lic-board"));
		check.addValidator().setOrganization(new Reference("urn:uuid:system-" + run));
		add(bundle, "network", network);
		add(bundle, "system", system);
		add(bundle, "area", area);
		add(bundle, "practice", practice);
		add(bundle, "endpoint", endpoint);
		add(bundle, "site", site);
		add(bundle, "service", service);
		add(bundle, "practitioner", practitioner);
		add(bundle, "colleague", colleague);
		add(bundle, "role", role);
		add(bundle, "check", check);
		return bundle;
	}

	private Practitioner practitioner(String given, String language, AdministrativeGender gender) {
		Practitioner p = new Practitioner().setActive(true).setGender(gender);
		p.addIdentifier().setSystem("https://rapport.health/fhir/licence/US-CA").setValue(id(given));
		p.addName().setFamily("Fam" + run).addGiven(given + run);
		p.addCommunication(concept("urn:ietf:bcp:47", language));
		p.addAddress(address());
		return p;
	}

	private Address address() {
		return new Address().addLine("1 Test Street").setCity(city()).setState("CA").setPostalCode(postalCode())
				.setCountry("US");
	}

	/** Every resource is created with a client id, so that tests can name what they expect. */
	private void add(Bundle bundle, String name, Resource resource) {
		resource.setId(id(name));
		bundle.addEntry().setFullUrl("urn:uuid:" + name + "-" + run).setResource(resource).getRequest()
				.setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + id(name));
	}

	static CodeableConcept concept(String system, String code) {
		return new CodeableConcept(new Coding(system, code, null));
	}
}
