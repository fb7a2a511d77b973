package health.rapport.fhir.server;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the FHIR endpoint.
 *
 * @param resourceTypes the resource types stored and served
 * @param pagingCacheSize how many searches keep their result snapshot for paging
 */
@ConfigurationProperties("rapport.fhir")
public record FhirServerProperties(
		@DefaultValue({"Practitioner", "PractitionerRole", "Organization", "Location", "HealthcareService", "Endpoint",
				"VerificationResult", "Patient", "ServiceRequest", "Task", "Condition", "Coverage", "DocumentReference",
				"Subscription", "StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter",
				"OperationDefinition"}) List<String> resourceTypes,
		@DefaultValue("20") int defaultPageSize,
		@DefaultValue("500") int maxPageSize,
		@DefaultValue("1000") int pagingCacheSize) {}
