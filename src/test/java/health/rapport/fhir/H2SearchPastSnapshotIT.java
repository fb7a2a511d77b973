package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.fhir.server.ResourceFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * A search that matches more than its snapshot holds (here 3 keys): the API's later pages and the
 * server's own searches still find every match, once each, in key order.
 */
@ActiveProfiles("it")
@TestPropertySource(properties = "rapport.fhir.search-snapshot-limit=3")
class H2SearchPastSnapshotIT extends FhirIT {

	@Autowired
	ResourceFinder finder;

	@Test
	void everyMatchIsFoundPastTheSnapshot() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			created.add(client.create().resource(practitioner("Snapshot" + run)).execute().getId().getIdPart());
		}

		assertThat(finder.find("Practitioner", Map.of("family", "Snapshot" + run)))
				.extracting(r -> r.getIdElement().getIdPart()).containsExactlyElementsOf(created);
		assertThat(finder.find("Practitioner", Map.of("family", "Snapshot" + run + ",Nobody" + run)))
				.extracting(r -> r.getIdElement().getIdPart()).as("several values").containsExactlyElementsOf(created);

		List<String> paged = new ArrayList<>();
		Bundle page = client.search().byUrl("Practitioner?family=Snapshot" + run + "&_count=2").returnBundle(Bundle.class)
				.execute();
		while (true) {
			page.getEntry().forEach(e -> paged.add(e.getResource().getIdElement().getIdPart()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			page = client.loadPage().next(page).execute();
		}
		assertThat(paged).as("through the API, two a page").containsExactlyElementsOf(created);
	}
}
