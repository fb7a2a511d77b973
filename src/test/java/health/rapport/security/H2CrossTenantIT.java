package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.VerificationResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two tenants side by side: EHR A cannot read, search, or learn the existence of EHR B's referral;
 * a practice sees only the tasks offered to its roles; a regulator of one jurisdiction cannot
 * change another's registrations.
 */
@ActiveProfiles("it")
class H2CrossTenantIT extends SecurityIT {

	private static final List<String> ALL = List.of("Practitioner", "PractitionerRole", "VerificationResult", "Patient",
			"ServiceRequest", "Task");

	private SecurityFixture other;

	@BeforeEach
	void twoTenants() throws Exception {
		other = new SecurityFixture(CLIENT_CONTEXT, run + "b", "US-NY");
		store(fixture, ALL);
		store(other, ALL);
	}

	@Test
	void ehrReadsItsOwnReferralButAnotherEhrsIsIndistinguishableFromOneThatDoesNotExist() throws Exception {
		actAs("ehr", fixture);
		for (String type : List.of("Patient", "ServiceRequest", "Task")) {
			assertThat(send("GET", "/" + type + "/" + fixture.id(type), null).statusCode()).as(type).isEqualTo(200);
			HttpResponse<String> theirs = send("GET", "/" + type + "/" + other.id(type), null);
			HttpResponse<String> nobodys = send("GET", "/" + type + "/no-such-" + run, null);
			assertThat(theirs.statusCode()).as(type).isEqualTo(404);
			assertThat(theirs.body().replace(other.id(type), "ID")).isEqualTo(nobodys.body().replace("no-such-" + run, "ID"));
			assertThat(send("GET", "/" + type + "/" + other.id(type) + "/_history", null).statusCode()).isEqualTo(404);
			assertThat(send("GET", "/" + type + "/" + other.id(type) + "/_history/1", null).statusCode()).isEqualTo(404);
		}
	}

	@Test
	void matchingCannotReadAnotherEhrsPatientNorTellItExists() throws Exception {
		actAs("ehr", fixture);
		ServiceRequest referral = client.read().resource(ServiceRequest.class).withId(fixture.id("ServiceRequest")).execute();
		referral.setId((String) null);
		referral.getMeta().setVersionId(null);
		HttpResponse<String> own = match(referral.setSubject(new Reference("Patient/" + fixture.id("Patient"))));
		HttpResponse<String> theirs = match(referral.setSubject(new Reference("Patient/" + other.id("Patient"))));
		HttpResponse<String> nobodys = match(referral.setSubject(new Reference("Patient/no-such-" + run)));
		assertThat(own.body()).doesNotContain("cannot be resolved");
		assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(422);
		assertThat(theirs.body().replace(other.id("Patient"), "ID")).isEqualTo(nobodys.body().replace("no-such-" + run, "ID"));
	}

	private HttpResponse<String> match(ServiceRequest referral) throws Exception {
		String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"referral\",\"resource\":"
				+ json(referral) + "}]}";
		return send("POST", "/ServiceRequest/$match", parameters, "Content-Type", "application/fhir+json");
	}

	@Test
	void ehrSearchesReturnOnlyItsOwnReferralsAndTotalsCountOnlyThose() throws Exception {
		actAs("ehr", fixture);
		Bundle all = client.search().byUrl("ServiceRequest?_count=500").returnBundle(Bundle.class).execute();
		assertThat(ids(all)).contains(fixture.id("ServiceRequest")).doesNotContain(other.id("ServiceRequest"));
		assertThat(total("ServiceRequest?_id=" + other.id("ServiceRequest"))).isZero();
		assertThat(total("Patient?_id=" + other.id("Patient"))).isZero();
		assertThat(total("Patient?_id=" + fixture.id("Patient"))).isEqualTo(1);
		assertThat(total("Task?_id=" + other.id("Task"))).isZero();
		// a requester parameter naming the other EHR narrows further; it never widens
		assertThat(total("ServiceRequest?requester=" + other.ehrOrganization())).isZero();
	}

	@Test
	void includesAndBatchesDoNotLeakAnotherTenantsRecords() throws Exception {
		actAs("ehr", fixture);
		Bundle roles = client.search().byUrl("PractitionerRole?_id=" + other.role() + "&_revinclude=Task:owner")
				.returnBundle(Bundle.class).execute();
		assertThat(ids(roles)).contains(other.role()).doesNotContain(other.id("Task"));

		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("ServiceRequest/" + other.id("ServiceRequest"));
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("ServiceRequest?_id=" + other.id("ServiceRequest"));
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("ServiceRequest/" + fixture.id("ServiceRequest"));
		Bundle answer = client.transaction().withBundle(batch).execute();
		assertThat(answer.getEntry().get(0).getResponse().getStatus()).startsWith("404");
		assertThat(((Bundle) answer.getEntry().get(1).getResource()).getTotal()).isZero();
		assertThat(answer.getEntry().get(2).getResponse().getStatus()).startsWith("200");
	}

	@Test
	void theDirectoryCannotBeSearchedByReferralsAnOracleOfTheirExistence() throws Exception {
		String byTask = "/PractitionerRole?_has:Task:owner:_id=" + other.id("Task");
		actAs("ehr", fixture);
		assertThat(send("GET", byTask, null).statusCode()).isEqualTo(403);
		anonymous();
		assertThat(send("GET", byTask, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/PractitionerRole?_has:ServiceRequest:performer:_id=x", null).statusCode()).isEqualTo(401);
	}

	@Test
	void conditionalCreateOfPhiLooksOnlyInsideTheCallersCompartment() throws Exception {
		actAs("ehr", fixture);
		ServiceRequest mine = (ServiceRequest) fixture.get("ServiceRequest");
		mine.setId((String) null);
		mine.getIdentifier().clear();
		HttpResponse<String> created = send("POST", "/ServiceRequest", json(mine), "Content-Type", JSON, "If-None-Exist",
				"_id=" + other.id("ServiceRequest"));
		assertThat(created.statusCode()).as("the other EHR's referral is not found, so one is created").isEqualTo(201);
		assertThat(created.headers().firstValue("Location").orElseThrow()).doesNotContain(other.id("ServiceRequest"));
		assertThat(created.body()).doesNotContain(other.ehrOrganization());

		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(mine).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest")
				.setIfNoneExist("_id=" + other.id("ServiceRequest"));
		HttpResponse<String> response = send("POST", "", json(transaction), "Content-Type", JSON);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("201 Created").doesNotContain(other.id("ServiceRequest"))
				.doesNotContain(other.ehrOrganization());

		String own = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/ServiceRequest/([^/]+).*", "$1");
		HttpResponse<String> same = send("POST", "/ServiceRequest", json(mine), "Content-Type", JSON, "If-None-Exist", "_id=" + own);
		assertThat(same.statusCode()).as("its own referral is found").isEqualTo(200);
	}

	@Test
	void ehrCannotWriteAnotherEhrsReferralNorRequestInItsName() throws Exception {
		actAs("ehr", fixture);
		ServiceRequest theirs = (ServiceRequest) other.get("ServiceRequest");
		assertThat(send("PUT", "/ServiceRequest/" + other.id("ServiceRequest"), json(theirs), "Content-Type", JSON)
				.statusCode()).isEqualTo(404);
		assertThat(send("DELETE", "/ServiceRequest/" + other.id("ServiceRequest"), null).statusCode()).isEqualTo(404);
		ServiceRequest forged = (ServiceRequest) fixture.get("ServiceRequest");
		forged.setId((String) null);
		forged.setRequester(new Reference(other.ehrOrganization()));
		assertThat(send("POST", "/ServiceRequest", json(forged), "Content-Type", JSON).statusCode()).isEqualTo(403);
		ServiceRequest handedOver = (ServiceRequest) fixture.get("ServiceRequest");
		handedOver.setRequester(new Reference(other.ehrOrganization()));
		assertThat(send("PUT", "/ServiceRequest/" + fixture.id("ServiceRequest"), json(handedOver), "Content-Type", JSON)
				.statusCode()).isEqualTo(403);

		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(forged).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest");
		assertThat(send("POST", "", json(transaction), "Content-Type", JSON).statusCode()).isEqualTo(403);
	}

	@Test
	void practiceSeesOnlyTasksOfferedToItsRolesAndEditsOnlyItsRoles() throws Exception {
		actAs("practice", fixture);
		assertThat(send("GET", "/Task/" + fixture.id("Task"), null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/ServiceRequest/" + fixture.id("ServiceRequest"), null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/Task/" + other.id("Task"), null).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/Patient/" + other.id("Patient"), null).statusCode()).isEqualTo(404);
		assertThat(total("Task?_count=500")).isEqualTo(1);
		assertThat(send("PUT", "/PractitionerRole/" + other.role(), json(other.get("PractitionerRole")), "Content-Type", JSON)
				.statusCode()).isEqualTo(403);
	}

	@Test
	void regulatorCannotChangeAnotherJurisdictionsRegistrations() throws Exception {
		actAs("regulator", fixture); // US-CA; the other tenant's registration is in US-NY
		VerificationResult theirs = (VerificationResult) other.get("VerificationResult");
		assertThat(send("PUT", "/VerificationResult/" + other.id("VerificationResult"), json(theirs), "Content-Type", JSON)
				.statusCode()).isEqualTo(403);
		assertThat(send("DELETE", "/VerificationResult/" + other.id("VerificationResult"), null).statusCode()).isEqualTo(403);
		theirs.setId((String) null);
		assertThat(send("POST", "/VerificationResult", json(theirs), "Content-Type", JSON).statusCode()).isEqualTo(403);
		VerificationResult moved = (VerificationResult) fixture.get("VerificationResult");
		moved.getExtensionByUrl(FhirAccess.JURISDICTION)
				.setValue(new CodeableConcept(new Coding("urn:iso:std:iso:3166:-2", "US-NY", null)));
		assertThat(send("PUT", "/VerificationResult/" + fixture.id("VerificationResult"), json(moved), "Content-Type", JSON)
				.statusCode()).isEqualTo(403);
		// and the other jurisdiction's registration is unchanged
		actAs("admin", fixture);
		VerificationResult stored = client.read().resource(VerificationResult.class).withId(other.id("VerificationResult")).execute();
		assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
	}

	private int total(String query) throws Exception {
		return client.search().byUrl(query).returnBundle(Bundle.class).execute().getTotal();
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}
}
