package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles("it")
class H2CapabilityStatementIT extends FhirIT {

	@Test
	void declaresEverySearchParameterIncludeAndRevincludePlanNetRequires() {
		CapabilityStatement ours = client.capabilities().ofType(CapabilityStatement.class).execute();
		SoftAssertions soft = new SoftAssertions();
		for (CapabilityStatementRestResourceComponent planNet : PlanNet.servedResources()) {
			CapabilityStatementRestResourceComponent served = ours.getRestFirstRep().getResource().stream()
					.filter(r -> r.getType().equals(planNet.getType())).findFirst().orElseThrow();
			soft.assertThat(served.getSearchParam()).extracting(CapabilityStatementRestResourceSearchParamComponent::getName)
					.as(planNet.getType()).containsAll(planNet.getSearchParam().stream().map(p -> p.getName()).toList());
			soft.assertThat(served.getSearchInclude()).extracting(PrimitiveType::getValue).as(planNet.getType() + " includes")
					.containsAll(planNet.getSearchInclude().stream().map(PrimitiveType::getValue)
							.filter(PlanNet::fromServedType).toList());
			soft.assertThat(served.getSearchRevInclude()).extracting(PrimitiveType::getValue)
					.as(planNet.getType() + " revincludes").containsAll(planNet.getSearchRevInclude().stream()
							.map(PrimitiveType::getValue).filter(PlanNet::fromServedType).toList());
		}
		soft.assertAll();
	}

	@Test
	void declaresVersionedUpdatesHistoryAndConditionalCreate() {
		CapabilityStatement ours = client.capabilities().ofType(CapabilityStatement.class).execute();
		CapabilityStatementRestResourceComponent practitioner = ours.getRestFirstRep().getResource().stream()
				.filter(r -> r.getType().equals("Practitioner")).findFirst().orElseThrow();

		assertThat(practitioner.getVersioning()).isEqualTo(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
		assertThat(practitioner.getConditionalCreate()).isTrue();
		assertThat(practitioner.getInteraction()).extracting(i -> i.getCode().toCode())
				.contains("read", "vread", "update", "delete", "history-instance", "history-type", "create", "search-type");
		assertThat(ours.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode()).contains("transaction");
		assertThat(practitioner.getSearchParam()).filteredOn(p -> p.getName().equals("communication"))
				.extracting(CapabilityStatementRestResourceSearchParamComponent::getDefinition).isNotEmpty();
		assertThat(practitioner.getSupportedProfile()).extracting(PrimitiveType::getValue)
				.containsExactly("https://rapport.health/fhir/StructureDefinition/rapport-practitioner");
	}

	@Test
	void declaresMatchReferralStorageAndProcessMessage() {
		CapabilityStatement ours = client.capabilities().ofType(CapabilityStatement.class).execute();
		CapabilityStatementRestResourceComponent serviceRequest = ours.getRestFirstRep().getResource().stream()
				.filter(r -> r.getType().equals("ServiceRequest")).findFirst().orElseThrow();

		assertThat(serviceRequest.getOperation()).extracting(o -> o.getName() + " " + o.getDefinition())
				.contains("match https://rapport.health/fhir/OperationDefinition/match");
		assertThat(serviceRequest.getInteraction()).extracting(i -> i.getCode().toCode()).contains("read", "create", "search-type");
		assertThat(serviceRequest.getSearchParam()).extracting(p -> p.getName()).contains("identifier", "subject", "requester");
		assertThat(ours.getRestFirstRep().getResource()).extracting(r -> r.getType()).contains("Task", "Patient", "Condition");
		assertThat(ours.getRestFirstRep().getOperation()).extracting(o -> o.getName()).contains("process-message");
	}
}
