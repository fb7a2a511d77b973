package health.rapport.fhir.json;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import health.rapport.fhir.server.ResourceCodec;
import health.rapport.fhir.store.StoredVersion;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class StoredJsonTest {

	private static final DemoDirectory DIRECTORY = new DemoDirectory(ReferenceData.load(), DemoDirectory.DEFAULT_SEED, 30);
	private final RapportFhirContext fhir = new RapportFhirContext(new StrictErrorHandler());

	/** Resources as the store reads them: parsed from their JSON, which they keep. */
	private Resource read(Resource resource) {
		String json = fhir.newJsonParser().encodeResourceToString(resource);
		Resource parsed = (Resource) fhir.newJsonParser().parseResource(json);
		StoredJson.keep(parsed, parsed.fhirType(), json);
		return parsed;
	}

	private Bundle searchset(List<Resource> resources) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(resources.size());
		bundle.addLink().setRelation("self").setUrl("http://localhost/fhir/PractitionerRole");
		resources.forEach(r -> bundle.addEntry().setFullUrl("http://localhost/fhir/" + r.fhirType() + "/" + r.getIdPart())
				.setResource(r).getSearch().setMode(Bundle.SearchEntryMode.MATCH).setScore(0.5));
		return bundle;
	}

	private List<Resource> directory() {
		return Stream.concat(DIRECTORY.infrastructure().stream().limit(40),
				java.util.stream.IntStream.range(0, 30).boxed().flatMap(i -> DIRECTORY.practitioner(i).stream())).toList();
	}

	@Test
	void aBundleOfStoredResourcesIsWrittenAsEncodingThemAnewWrites() {
		List<Resource> stored = directory().stream().map(this::read).toList();
		List<Resource> fresh = directory().stream().map(r -> (Resource) fhir.newJsonParser()
				.parseResource(fhir.newJsonParser().encodeResourceToString(r))).toList();

		String spliced = fhir.newJsonParser().encodeResourceToString(searchset(stored));
		String encoded = fhir.newJsonParser().encodeResourceToString(searchset(fresh));

		assertThat(spliced).isEqualTo(encoded).contains("\"resourceType\":\"PractitionerRole\"");
		assertThat(fhir.newJsonParser().parseResource(Bundle.class, spliced).getEntry()).hasSize(stored.size());
	}

	@Test
	void theStoredJsonIsWhatIsWrittenWhenTheOutputIsPlainOnly() {
		Practitioner practitioner = (Practitioner) read(DIRECTORY.practitioner(0).get(0));
		// Stands for JSON that no longer matches the object, so that each path shows which it wrote.
		StoredJson.keep(practitioner, "Practitioner", "{\"resourceType\":\"Practitioner\",\"id\":\"from-the-store\"}");
		Bundle bundle = searchset(List.of(practitioner));

		IParser plain = fhir.newJsonParser();
		assertThat(plain.encodeResourceToString(bundle)).contains("from-the-store");
		assertThat(fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle)).doesNotContain("from-the-store");
		assertThat(fhir.newJsonParser().setEncodeElements(Set.of("Practitioner.name")).encodeResourceToString(bundle))
				.doesNotContain("from-the-store");
		assertThat(fhir.newJsonParser().setSummaryMode(true).encodeResourceToString(bundle)).doesNotContain("from-the-store");
		assertThat(fhir.newJsonParser().setSuppressNarratives(true).encodeResourceToString(bundle))
				.doesNotContain("from-the-store");
		assertThat(fhir.newJsonParser().setDontEncodeElements(Set.of("Practitioner.telecom")).encodeResourceToString(bundle))
				.doesNotContain("from-the-store");
		assertThat(fhir.newJsonParser().setOmitResourceId(true).encodeResourceToString(bundle)).doesNotContain("from-the-store");
		assertThat(plain.encodeResourceToString(practitioner)).as("a resource on its own").doesNotContain("from-the-store");
		assertThat(bundle.getEntry().get(0).getResource()).as("put back after writing").isSameAs(practitioner);
	}

	@Test
	void aForgottenOrProtectedResourceIsEncodedFromWhatItNowHolds() {
		Practitioner changed = (Practitioner) read(DIRECTORY.practitioner(1).get(0));
		StoredJson.forget(changed);
		changed.getNameFirstRep().setFamily("Changed-After-Reading");
		Patient patient = new Patient();
		patient.setId("p1");
		patient.addName(new HumanName().setFamily("Shown-As-Now"));
		StoredJson.keep(patient, "Patient", "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"Stored\"}]}");

		String json = fhir.newJsonParser().encodeResourceToString(searchset(List.of(changed, patient)));

		assertThat(json).contains("Changed-After-Reading").contains("Shown-As-Now").doesNotContain("Stored\"");
	}

	@Test
	void referencesToThisServerAreWrittenRelativeToTheRequestsBaseAsHapiWritesThem() {
		PractitionerRole role = (PractitionerRole) DIRECTORY.practitioner(3).get(1);
		role.getPractitioner().setReference("http://localhost/fhir/Practitioner/" + DIRECTORY.practitioner(3).get(0).getIdPart());
		Resource stored = read(role);
		Resource fresh = (Resource) fhir.newJsonParser().parseResource(fhir.newJsonParser().encodeResourceToString(role));

		String spliced = fhir.newJsonParser().setServerBaseUrl("http://localhost/fhir").encodeResourceToString(searchset(List.of(stored)));
		String encoded = fhir.newJsonParser().setServerBaseUrl("http://localhost/fhir").encodeResourceToString(searchset(List.of(fresh)));

		assertThat(spliced).isEqualTo(encoded).contains("\"reference\":\"Practitioner/");
	}

	@Test
	void aResourceWrittenToTheStoreIsEncodedFromWhatItNowHolds() {
		ResourceCodec codec = new ResourceCodec(fhir, 0);
		String json = fhir.newJsonParser().encodeResourceToString(DIRECTORY.practitioner(4).get(0));
		Practitioner read = (Practitioner) codec.decode(new StoredVersion(1, "Practitioner", "p4", 1, false, 0, json));
		read.getNameFirstRep().setFamily("Renamed-And-Written");
		codec.encode(read, "Practitioner", "p4", 2, 1_000);

		assertThat(fhir.newJsonParser().encodeResourceToString(searchset(List.of(read)))).contains("Renamed-And-Written")
				.contains("\"versionId\":\"2\"");
	}

	@Test
	void aBasicResourceThatLooksLikeAPlaceholderIsWrittenAsItself() {
		Practitioner practitioner = (Practitioner) read(DIRECTORY.practitioner(2).get(0));
		Basic basic = new Basic();
		basic.setId("stored-1");
		basic.getCode().setText("a real Basic");

		String json = fhir.newJsonParser().encodeResourceToString(searchset(List.of(basic, practitioner)));

		Bundle parsed = fhir.newJsonParser().parseResource(Bundle.class, json);
		assertThat(parsed.getEntry().get(0).getResource()).isInstanceOf(Basic.class);
		assertThat(((Basic) parsed.getEntry().get(0).getResource()).getCode().getText()).isEqualTo("a real Basic");
		assertThat(parsed.getEntry().get(1).getResource().getIdPart()).isEqualTo(practitioner.getIdPart());
	}
}
