package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import health.rapport.directory.demo.DemoDirectory;
import health.rapport.directory.demo.ReferenceData;
import health.rapport.fhir.search.SearchParameterRegistry;
import health.rapport.fhir.validation.ResourceValidator;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** The demo directory loads at start and gives every Plan-Net search parameter something to find. */
@ActiveProfiles("it")
@TestPropertySource(properties = {"rapport.demo-data.enabled=true", "rapport.demo-data.practitioners=300"})
class DemoDirectoryIT extends FhirIT {

	private static final java.util.List<String> JURISDICTIONS = java.util.List.of("US-CA", "US-NY", "US-TX", "US-FL",
			"US-IL", "US-WA", "US-MA", "US-CO", "US-AZ", "US-GA", "US-PA", "US-OR", "GB-ENG", "GB-SCT", "CA-ON", "CA-BC",
			"AU-NSW", "AU-VIC");

	@Autowired
	SearchParameterRegistry registry;
	@Autowired
	ResourceValidator validator;

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

	@Test
	void everyCustomSearchParameterFindsSomethingInTheDemoDirectory() {
		SoftAssertions soft = new SoftAssertions();
		for (SearchParameter param : registry.customParameters()) {
			for (var base : param.getBase()) {
				String query = base.getCode() + "?" + param.getCode() + ":missing=false";
				soft.assertThat(count(query)).as(query).isPositive();
			}
		}
		soft.assertAll();
	}

	/** The generator behind the demo data and the benchmark produces only valid resources. */
	@Test
	void demoDirectoryGeneratorProducesOnlyValidResources() {
		DemoDirectory directory = new DemoDirectory(ReferenceData.load(), 7L, 200);
		SoftAssertions soft = new SoftAssertions();
		directory.all().forEach(resource -> {
			var errors = validator.validate(resource, null).getIssue().stream()
					.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR).map(i -> i.getDiagnostics()).toList();
			soft.assertThat(errors).as(resource.getId()).isEmpty();
		});
		soft.assertAll();
	}
}
