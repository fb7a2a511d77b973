package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/** The FHIR package's conformance resources are served: read, and search by url. */
@ActiveProfiles("it")
class H2ConformancePackageIT extends FhirIT {

	private static List<MetadataResource> packageResources() throws Exception {
		File[] files = new File("fhir-profiles").listFiles((dir, name) -> name.matches("[A-Za-z]+-.+\\.json"));
		return Arrays.stream(files).map(f -> {
			try (var in = new java.io.FileInputStream(f)) {
				return (MetadataResource) CLIENT_CONTEXT.newJsonParser().parseResource(in);
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}).toList();
	}

	@Test
	void everyConformanceResourceOfThePackageIsFoundByItsUrl() throws Exception {
		List<MetadataResource> resources = packageResources();
		assertThat(resources).isNotEmpty();
		for (MetadataResource resource : resources) {
			Bundle found = client.search().byUrl(resource.fhirType() + "?url=" + resource.getUrl())
					.returnBundle(Bundle.class).execute();
			assertThat(found.getEntry()).as(resource.getUrl()).hasSize(1);
			assertThat(((MetadataResource) found.getEntryFirstRep().getResource()).getUrl()).isEqualTo(resource.getUrl());
		}
	}

	@Test
	void customSearchParameterReadsBackById() {
		SearchParameter network = client.read().resource(SearchParameter.class).withId("practitionerrole-network").execute();
		assertThat(network.getCode()).isEqualTo("network");
		assertThat(network.getMeta().getVersionId()).isEqualTo("1");
	}
}
