package health.rapport.directory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class DemoDirectoryTest {

	private static final ReferenceData DATA = ReferenceData.load();
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static List<String> json(DemoDirectory directory) {
		return directory.all().map(r -> FHIR.newJsonParser().encodeResourceToString(r)).toList();
	}

	@Test
	void sameSeedAndSizeGiveTheSameDirectory() {
		assertThat(json(new DemoDirectory(DATA, 7, 200))).isEqualTo(json(new DemoDirectory(DATA, 7, 200)));
		assertThat(json(new DemoDirectory(DATA, 8, 200))).isNotEqualTo(json(new DemoDirectory(DATA, 7, 200)));
	}

	@Test
	void onePractitionerCanBeGeneratedWithoutTheRest() {
		DemoDirectory directory = new DemoDirectory(DATA, 7, 100);
		List<String> all = json(directory);
		String fifth = FHIR.newJsonParser().encodeResourceToString(directory.practitioner(5).get(0));
		assertThat(all.get(directory.infrastructure().size() + 5 * 3)).isEqualTo(fifth);
	}

	@Test
	void directoryCoversEveryProfessionAndManyJurisdictions() {
		List<Resource> all = new DemoDirectory(DATA, DemoDirectory.DEFAULT_SEED, 2000).all().toList();
		Set<String> professions = all.stream().filter(PractitionerRole.class::isInstance)
				.map(r -> ((PractitionerRole) r).getCodeFirstRep().getCodingFirstRep().getCode()).collect(Collectors.toSet());
		Set<String> states = all.stream().filter(Practitioner.class::isInstance)
				.map(r -> ((Practitioner) r).getAddressFirstRep().getState()).collect(Collectors.toSet());
		Set<String> languages = all.stream().filter(Practitioner.class::isInstance)
				.flatMap(r -> ((Practitioner) r).getCommunication().stream()).map(c -> c.getCodingFirstRep().getCode())
				.collect(Collectors.toSet());

		assertThat(all.stream().filter(Practitioner.class::isInstance)).hasSize(2000);
		assertThat(professions).contains("2084P0800X", "103T00000X", "1041C0700X", "106H00000X", "101Y00000X")
				.containsAnyOf("363LP0808X", "163WP0808X", "364SP0808X");
		assertThat(states).hasSizeGreaterThanOrEqualTo(10);
		assertThat(languages).contains("en", "es", "ase");
		assertThat(all).extracting(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).doesNotHaveDuplicates();
	}
}
