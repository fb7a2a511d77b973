package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The demo directory loads at start and gives every Plan-Net search parameter something to find. */
@ActiveProfiles("it")
@TestPropertySource(properties = {"rapport.demo-data.enabled=true", "rapport.demo-data.practitioners=300"})
class DemoDirectoryIT extends FhirIT {

	private static final java.util.List<String> JURISDICTIONS = java.util.List.of("US-CA", "US-NY", "US-TX", "US-FL",
			"US-IL", "US-WA", "US-MA", "US-CO", "US-AZ", "US-GA", "US-PA", "US-OR", "GB-ENG", "GB-SCT", "CA-ON", "CA-BC",
			"AU-NSW", "AU-VIC");

	private int count(String query) {
		return client.search().byUrl(query + (query.contains("?") ? "&" : "?") + "_summary=count")
				.returnBundle(Bundle.class).execute().getTotal();
	}

	@Test
	void demoDirectoryIsLoadedWithEveryProfessionAndTenJurisdictions() {
		assertThat(count("Practitioner")).isEqualTo(300);
		assertThat(count("PractitionerRole")).isEqualTo(300);
		assertThat(count("VerificationResult")).isEqualTo(300);
		for (String profession : Set.of("2084P0800X", "103T00000X", "1041C0700X", "106H00000X", "101Y00000X")) {
			assertThat(count("PractitionerRole?role=" + profession)).as(profession).isPositive();
		}
		assertThat(count("PractitionerRole?role=363LP0808X,163WP0808X,364SP0808X")).isPositive();
		long jurisdictionsWithSites = JURISDICTIONS.stream()
				.filter(j -> count("Location?partof=Location/area-" + j.toLowerCase()) > 0).count();
		assertThat(jurisdictionsWithSites).isGreaterThanOrEqualTo(10);
		assertThat(count("Organization?type=govt")).isGreaterThanOrEqualTo(30);
		assertThat(count("Location?near=40.7|-74.0|50|km")).isPositive();
	}

	@Test
	void everyPlanNetSearchParameterFindsSomethingInTheDemoDirectory() {
		SoftAssertions soft = new SoftAssertions();
		for (CapabilityStatementRestResourceComponent resource : PlanNet.servedResources()) {
			for (CapabilityStatementRestResourceSearchParamComponent param : resource.getSearchParam()) {
				if (!param.getName().startsWith("_")) {
					String query = resource.getType() + "?" + param.getName() + ":missing=false";
					soft.assertThat(count(query)).as(query).isPositive();
				}
			}
		}
		soft.assertAll();
	}
}
