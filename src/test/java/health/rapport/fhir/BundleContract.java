package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** Batch and transaction Bundles, and interoperability with directory data nobody here wrote. */
public abstract class BundleContract extends FhirIT {

	private static final List<String> VHDIR = List.of("vhdr-organization-example-bundle.json",
			"vhdr-organization-location-example-bundle.json", "vhdir-p-examples-bundle-8f96a18cda224768b205c2bdc18384fa.json",
			"vhdir-pr-examples-bundle-3188b9a048a34c63bab2da8b857d27b1.json",
			"vhdir-vr-examples-bundle-99d6acdc5ecd4441b2cc7208b83a9284.json");

	private int count(String query) {
		return client.search().byUrl(query + "&_summary=count").returnBundle(Bundle.class).execute().getTotal();
	}

	@Test
	void transactionResolvesReferencesBetweenItsEntries() {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Practitioner p = practitioner("Tx" + run);
		tx.addEntry().setFullUrl("urn:uuid:11111111-0000-0000-0000-" + run + "0000").setResource(p).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Practitioner");
		PractitionerRole role = new PractitionerRole()
				.setPractitioner(new Reference("urn:uuid:11111111-0000-0000-0000-" + run + "0000"));
		role.addCode().addCoding().setSystem("http://nucc.org/provider-taxonomy").setCode("101Y00000X");
		tx.addEntry().setResource(role).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("PractitionerRole");

		Bundle response = client.transaction().withBundle(tx).execute();

		assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus()).containsExactly("201 Created", "201 Created");
		String practitionerId = response.getEntry().get(0).getResponse().getLocation().split("/")[1];
		String roleId = response.getEntry().get(1).getResponse().getLocation().split("/")[1];
		PractitionerRole stored = client.read().resource(PractitionerRole.class).withId(roleId).execute();
		assertThat(stored.getPractitioner().getReference()).isEqualTo("Practitioner/" + practitionerId);
	}

	@Test
	void transactionSentAgainUnchangedAddsNoVersions() {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (String id : List.of("same-a-" + run, "same-b-" + run)) {
			Practitioner p = practitioner("Same" + run);
			p.setId(id);
			tx.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Practitioner/" + id);
		}
		client.transaction().withBundle(tx).execute();
		((Practitioner) tx.getEntry().get(1).getResource()).setActive(false);

		Bundle again = client.transaction().withBundle(tx).execute();

		assertThat(again.getEntry()).extracting(e -> e.getResponse().getStatus()).containsExactly("200 OK", "200 OK");
		assertThat(again.getEntry()).extracting(e -> e.getResponse().getEtag()).containsExactly("W/\"1\"", "W/\"2\"");
	}

	@Test
	void transactionReadsItsOwnWrites() {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 3; i++) {
			Practitioner p = practitioner("Own" + run);
			tx.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Practitioner");
		}
		tx.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Practitioner?family=Own" + run);

		Bundle response = client.transaction().withBundle(tx).execute();

		assertThat(((Bundle) response.getEntry().get(3).getResource()).getTotal()).isEqualTo(3);
		assertThat(count("Practitioner?family=Own" + run)).isEqualTo(3);
	}

	@Test
	void transactionWithABadEntryStoresNothing() {
		Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 3; i++) {
			Organization org = new Organization().setName("Rollback" + run);
			tx.addEntry().setResource(org).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Organization");
		}
		Practitioner mismatched = new Practitioner();
		mismatched.setId("one-" + run);
		tx.addEntry().setResource(mismatched).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Practitioner/two-" + run);

		assertThatThrownBy(() -> client.transaction().withBundle(tx).execute())
				.isInstanceOf(BaseServerResponseException.class).hasMessageContaining("entry 3")
				.satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(400));
		assertThat(count("Organization?name=Rollback" + run)).isZero();

		// An entry without request.method is refused, not passed over while the rest commit.
		Bundle withoutMethod = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		withoutMethod.addEntry().setResource(new Organization().setName("Rollback" + run)).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Organization");
		withoutMethod.addEntry().setResource(new Organization().setName("Rollback" + run));
		assertThatThrownBy(() -> client.transaction().withBundle(withoutMethod).execute())
				.isInstanceOf(BaseServerResponseException.class).hasMessageContaining("entry[1].request.method")
				.satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isEqualTo(400));
		assertThat(count("Organization?name=Rollback" + run)).isZero();
	}

	@Test
	void batchAnswersEachEntryOnItsOwn() {
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		Organization good = new Organization().setName("Batch" + run);
		batch.addEntry().setResource(good).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Organization");
		batch.addEntry().setResource(new Organization().setName("Batch" + run)).getRequest().setMethod(Bundle.HTTPVerb.PUT)
				.setUrl("Practitioner/wrong-" + run);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Organization?name=Batch" + run);

		Bundle response = client.transaction().withBundle(batch).execute();

		assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
		assertThat(response.getEntry().get(0).getResponse().getStatus()).isEqualTo("201 Created");
		assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("400");
		assertThat(response.getEntry().get(1).getResponse().getOutcome()).isNotNull();
		assertThat(((Bundle) response.getEntry().get(2).getResource()).getTotal()).isEqualTo(1);
	}

	@Test
	void vhdirExampleBundlesLoadAndReadBackUnchanged() throws Exception {
		Map<String, Resource> stored = new HashMap<>();
		List<String> invalid = new ArrayList<>();
		List<String> expectedInvalid = new ArrayList<>();
		for (String file : VHDIR) {
			String json = read(file);
			HttpResponse<String> response = send("POST", "", json, "Content-Type", JSON);
			assertThat(response.statusCode()).as(file).isEqualTo(200);
			Bundle sent = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, json);
			Bundle answered = CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, response.body());
			assertThat(answered.getEntry()).hasSameSizeAs(sent.getEntry());
			for (int i = 0; i < sent.getEntry().size(); i++) {
				BundleEntryComponent in = sent.getEntry().get(i);
				BundleEntryComponent out = answered.getEntry().get(i);
				if (breaksAProfile(in.getResource())) {
					expectedInvalid.add(in.getRequest().getUrl());
				}
				if (out.getResponse().getStatus().startsWith("2")) {
					stored.put(in.getRequest().getUrl(), in.getResource());
				} else if (out.getResponse().getStatus().startsWith("422")) {
					// Refused, the error located in the entry.
					invalid.add(in.getRequest().getUrl());
					String entry = "Bundle.entry[" + i + "].resource";
					assertThat(((OperationOutcome) out.getResponse().getOutcome()).getIssue())
							.anySatisfy(issue -> assertThat(issue.getExpression().toString()).contains(entry));
				} else {
					// The upstream PractitionerRole bundle PUTs each role to a Practitioner URL: refused, with a reason.
					assertThat(out.getResponse().getStatus()).startsWith("400");
					assertThat(out.getResponse().getOutcome()).isNotNull();
					assertThat(in.getRequest().getUrl()).startsWith("Practitioner/vhdir-practitionerrole");
				}
			}
		}
		assertThat(invalid).as("entries refused as invalid").isNotEmpty().containsExactlyInAnyOrderElementsOf(expectedInvalid);
		assertThat(stored).hasSize(40 + 40 + 400 + 400 - invalid.size());
		for (Map.Entry<String, Resource> e : stored.entrySet()) {
			Resource back = (Resource) client.read().resource(e.getValue().fhirType()).withUrl(e.getKey()).execute();
			assertThat(withoutMeta(back)).as(e.getKey()).isEqualTo(withoutMeta(e.getValue()));
		}
		assertThat(count("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9996643922")).isEqualTo(1);
		assertThat(count("Practitioner?family=Stroman&address-state=MA")).isPositive();
		assertThat(count("Practitioner?communication=urn:ietf:bcp:47|es&_id=vhdir-practitioner-9996643922")).isEqualTo(1);
		assertThat(count("Location?organization=Organization/vhdir-organization-9992607537")).isPositive();
		assertThat(count("Organization?name=a&_count=1")).isPositive();
	}

	/**
	 * The upstream entries Rapport refuses: qualification statuses that are not resource-status
	 * codes ("inctive", "revoked", ...), and VerificationResults, which name no profile and so are
	 * held to Rapport's registration-status profile, whose registration status they lack.
	 */
	private static boolean breaksAProfile(Resource resource) {
		return resource instanceof org.hl7.fhir.r4.model.VerificationResult
				|| CLIENT_CONTEXT.newJsonParser().encodeResourceToString(resource)
						.matches(".*resource-status\",\"code\":\"(inctive|pending|revoked|issuedinerror)\".*");
	}

	private static String withoutMeta(Resource resource) {
		Resource copy = resource.copy();
		copy.setMeta(null);
		copy.setId(copy.getIdElement().getIdPart());
		return CLIENT_CONTEXT.newJsonParser().encodeResourceToString(copy);
	}

	private static String read(String file) throws IOException {
		try (InputStream in = BundleContract.class.getResourceAsStream("/ig-examples/vhdir/" + file)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
