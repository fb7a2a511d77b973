package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The audit trail: every access to PHI and every denied request leaves an AuditEvent (who, what,
 * when, outcome, from where), readable only by admin; the hash chain verifies, and a tampered row
 * is found. Break-glass: granted for one request, flagged, and listed for review.
 */
@ActiveProfiles("it")
class H2AuditIT extends SecurityIT {

	private static final String BREAK_GLASS = "risk-of-harm Client named a date and a means; the on-call team asked for the referral";

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void referral() throws Exception {
		store(fixture, List.of("Patient", "ServiceRequest", "Task"));
	}

	@Test
	void readOfPhiLeavesAnAuditEventNamingTheClientTheRecordTheOutcomeAndTheAddress() throws Exception {
		actAs("ehr", fixture);
		assertThat(send("GET", "/ServiceRequest/" + fixture.id("ServiceRequest"), null).statusCode()).isEqualTo(200);

		AuditEvent event = newestAbout("ServiceRequest/" + fixture.id("ServiceRequest"));
		assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("ehr-" + run);
		assertThat(event.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("ehr");
		assertThat(event.getAgentFirstRep().getNetwork().getAddress()).isEqualTo("127.0.0.1");
		assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("read");
		assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		assertThat(event.getRecorded()).isNotNull();
	}

	@Test
	void deniedRequestsAreAuditedToo() throws Exception {
		actAs("regulator", fixture);
		assertThat(send("GET", "/Patient/" + fixture.id("Patient"), null).statusCode()).isEqualTo(403);
		AuditEvent denied = newestAbout("Patient/" + fixture.id("Patient"));
		assertThat(denied.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
		assertThat(denied.getOutcomeDesc()).startsWith("403");
		assertThat(denied.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("regulator-" + run);

		anonymous();
		assertThat(send("DELETE", "/Practitioner/" + fixture.id("Practitioner"), null).statusCode()).isEqualTo(401);
		AuditEvent anonymousDelete = newestAbout("Practitioner/" + fixture.id("Practitioner"));
		assertThat(anonymousDelete.getOutcomeDesc()).startsWith("401");
		assertThat(anonymousDelete.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("anonymous");
	}

	@Test
	void onlyAdminReadsTheAuditTrailAndNobodyWritesIt() throws Exception {
		actAs("ehr", fixture);
		assertThat(send("GET", "/AuditEvent", null).statusCode()).isEqualTo(403);
		anonymous();
		assertThat(send("GET", "/AuditEvent", null).statusCode()).isEqualTo(401);
		actAs("admin", fixture);
		Bundle events = client.search().byUrl("AuditEvent?_count=5").returnBundle(Bundle.class).execute();
		assertThat(events.getEntry()).isNotEmpty();
		String id = events.getEntryFirstRep().getResource().getIdElement().getIdPart();
		String json = jdbc.queryForObject("select json from audit_event where seq = ?", String.class, Long.parseLong(id));
		assertThat(send("PUT", "/AuditEvent/" + id, json, "Content-Type", JSON).statusCode()).isIn(400, 403, 405);
		assertThat(send("DELETE", "/AuditEvent/" + id, null).statusCode()).isIn(400, 403, 405);
		assertThat(jdbc.queryForObject("select json from audit_event where seq = ?", String.class, Long.parseLong(id)))
				.isEqualTo(json);
	}

	@Test
	void chainVerifiesAndATamperedRowIsDetected() throws Exception {
		actAs("ehr", fixture);
		send("GET", "/Patient/" + fixture.id("Patient"), null);
		actAs("admin", fixture);
		HttpResponse<String> whole = verify();
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(whole.body()).contains("\"valid\":true");

		long seq = Long.parseLong(newestAbout("Patient/" + fixture.id("Patient")).getIdElement().getIdPart());
		String original = jdbc.queryForObject("select json from audit_event where seq = ?", String.class, seq);
		jdbc.update("update audit_event set json = ? where seq = ?", original.replace("ehr-" + run, "someone-else"), seq);
		try {
			HttpResponse<String> tampered = verify();
			assertThat(tampered.statusCode()).isEqualTo(409);
			assertThat(tampered.body()).contains("\"valid\":false").contains("\"firstBroken\":" + seq);
		} finally {
			jdbc.update("update audit_event set json = ? where seq = ?", original, seq);
		}
		assertThat(verify().body()).contains("\"valid\":true");
	}

	@Test
	void breakGlassOpensOneRequestOnlyAndIsFlaggedForReview() throws Exception {
		actAs("admin", fixture);
		String patient = "/Patient/" + fixture.id("Patient");
		assertThat(send("GET", patient, null).statusCode()).isEqualTo(404);
		assertThat(send("GET", patient, null, BreakGlass.HEADER, BREAK_GLASS).statusCode()).isEqualTo(200);
		assertThat(send("GET", patient, null).statusCode()).isEqualTo(404);

		AuditEvent flagged = newestAbout("Patient/" + fixture.id("Patient"), "purpose-of-event=BTG&");
		assertThat(flagged.getPurposeOfEvent()).extracting(c -> c.getCodingFirstRep().getCode()).contains("BTG", "risk-of-harm");
		assertThat(flagged.getPurposeOfEvent()).anySatisfy(c -> assertThat(c.getText()).contains("on-call team"));
		assertThat(flagged.getMeta().getTag()).anySatisfy(t -> assertThat(t.getCode()).isEqualTo("review-needed"));
		assertThat(flagged.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
	}

	@Test
	void breakGlassIsForAdminsWithAReasonCodeAndText() throws Exception {
		actAs("practice", fixture);
		assertThat(send("GET", "/Patient/" + fixture.id("Patient"), null, BreakGlass.HEADER, BREAK_GLASS).statusCode())
				.isEqualTo(403);
		actAs("admin", fixture);
		assertThat(send("GET", "/Patient/" + fixture.id("Patient"), null, BreakGlass.HEADER, "curiosity just looking")
				.statusCode()).isEqualTo(400);
		assertThat(send("GET", "/Patient/" + fixture.id("Patient"), null, BreakGlass.HEADER, "risk-of-harm").statusCode())
				.isEqualTo(400);
	}

	private HttpResponse<String> verify() throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/audit/verify"))
				.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
	}

	private AuditEvent newestAbout(String reference) throws Exception {
		return newestAbout(reference, "");
	}

	/** The newest AuditEvent about {@code reference}, read as the admin through the FHIR API. */
	private AuditEvent newestAbout(String reference, String query) throws Exception {
		String previous = token;
		actAs("admin", fixture);
		Bundle events = client.search().byUrl("AuditEvent?" + query + "_count=200").returnBundle(Bundle.class).execute();
		token = previous;
		return events.getEntry().stream().map(e -> (AuditEvent) e.getResource())
				.filter(e -> e.getEntity().stream().anyMatch(x -> reference.equals(x.getWhat().getReference())))
				.findFirst().orElseThrow(() -> new AssertionError("No AuditEvent about " + reference));
	}
}
