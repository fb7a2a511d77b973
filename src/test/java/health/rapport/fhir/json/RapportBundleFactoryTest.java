package health.rapport.fhir.json;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.BundleLinks;
import ca.uhn.fhir.rest.api.IVersionSpecificBundleFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.hapi.rest.server.R4BundleFactory;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RapportBundleFactoryTest {

	private static final String BASE = "http://localhost/fhir";
	private final RapportFhirContext fhir = new RapportFhirContext(new StrictErrorHandler());

	/** Resources as the store gives them: parsed, with version ids, marks and a contained resource. */
	private List<IBaseResource> parsed() {
		List<IBaseResource> resources = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			PractitionerRole role = new PractitionerRole();
			role.setId("PractitionerRole/r" + i + "/_history/" + i);
			role.setPractitioner(new Reference("Practitioner/p" + i));
			role.addContained(new Practitioner().setId("local"));
			role.addExtension().setUrl("https://example.org/ext").setValue(new Reference("#local"));
			IBaseResource copy = fhir.newJsonParser().parseResource(fhir.newJsonParser().encodeResourceToString(role));
			copy.setId("PractitionerRole/r" + i + "/_history/" + i);
			RapportFhirContext.markParsed(copy);
			resources.add(copy);
		}
		ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resources.get(0), BundleEntrySearchModeEnum.MATCH);
		ResourceMetadataKeyEnum.ENTRY_SEARCH_SCORE.put(resources.get(0), new BigDecimal("0.75"));
		ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resources.get(1), BundleEntrySearchModeEnum.INCLUDE);
		ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(resources.get(0), BundleEntryTransactionMethodEnum.POST);
		ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(resources.get(2), BundleEntryTransactionMethodEnum.PUT);
		ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(resources.get(3), BundleEntryTransactionMethodEnum.DELETE);
		return resources;
	}

	private String bundle(IVersionSpecificBundleFactory factory, List<IBaseResource> resources, BundleTypeEnum type) {
		factory.addRootPropertiesToBundle("b1", new BundleLinks(BASE, Set.of(), false, type), resources.size(), null);
		factory.addResourcesToBundle(resources, type, BASE, null, Set.of());
		return fhir.newJsonParser().encodeResourceToString(factory.getResourceBundle());
	}

	@ParameterizedTest
	@EnumSource(value = BundleTypeEnum.class, mode = EnumSource.Mode.EXCLUDE, names = "HISTORY")
	void entriesOfParsedResourcesAreThoseHapiMakes(BundleTypeEnum type) {
		String hapi = bundle(new R4BundleFactory(fhir), parsed(), type);
		String rapport = bundle(fhir.newBundleFactory(), parsed(), type);

		assertThat(rapport).isEqualTo(hapi).contains("\"fullUrl\":\"" + BASE + "/PractitionerRole/r1\"");
	}

	/** HAPI gives each history request the version's URL; Rapport the URL a client sends. */
	@Test
	void historyEntriesAreHapisWithTheRequestsAsSent() {
		Bundle hapi = fhir.newJsonParser().parseResource(Bundle.class, bundle(new R4BundleFactory(fhir), parsed(), BundleTypeEnum.HISTORY));
		Bundle rapport = fhir.newJsonParser().parseResource(Bundle.class, bundle(fhir.newBundleFactory(), parsed(), BundleTypeEnum.HISTORY));

		assertThat(rapport.getEntry()).extracting(e -> e.getRequest().getMethodElement().getValueAsString() + " " + e.getRequest().getUrl())
				.containsExactly("POST PractitionerRole", "null null", "PUT PractitionerRole/r3", "DELETE PractitionerRole/r4");
		hapi.getEntry().forEach(e -> e.getRequest().setUrl(null));
		rapport.getEntry().forEach(e -> e.getRequest().setUrl(null));
		assertThat(fhir.newJsonParser().encodeResourceToString(rapport)).isEqualTo(fhir.newJsonParser().encodeResourceToString(hapi));
	}

	@Test
	void aResourceBuiltInMemoryStillHasItsAttachedResourcesIncluded() {
		Practitioner practitioner = new Practitioner();
		practitioner.setId("Practitioner/p9");
		PractitionerRole role = new PractitionerRole();
		role.setId("PractitionerRole/r9");
		role.getPractitioner().setResource(practitioner);

		IVersionSpecificBundleFactory factory = fhir.newBundleFactory();
		factory.addRootPropertiesToBundle("b", new BundleLinks(BASE, Set.of(), false, BundleTypeEnum.SEARCHSET), 1, null);
		factory.addResourcesToBundle(List.of(role), BundleTypeEnum.SEARCHSET, BASE, null, Set.of());
		Bundle bundle = (Bundle) factory.getResourceBundle();

		assertThat(bundle.getEntry()).extracting(e -> e.getResource().getIdElement().getValue())
				.containsExactly("PractitionerRole/r9", "Practitioner/p9");
		assertThat(bundle.getEntry().get(1).getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.INCLUDE);
	}

	@Test
	void encodingKeepsListedContainedResourcesAndDoesNotContainAttachedOnes() {
		ServiceRequest referral = new ServiceRequest();
		referral.addContained(new Patient().setId("pat"));
		referral.setSubject(new Reference("#pat"));
		referral.setRequester(new Reference(new Practitioner()));

		String json = fhir.newJsonParser().encodeResourceToString(referral);

		assertThat(json).contains("\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"pat\"}]")
				.contains("\"subject\":{\"reference\":\"#pat\"}").doesNotContain("Practitioner");
	}
}
