package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.ActiveProfiles;

/**
 * Application logs never carry PHI: every log event of the whole application during a run of
 * PHI traffic, good and bad (refused, malformed, invalid, outside the compartment, searched by
 * name and identifier, matched), is captured, and none names the test patient or their identifier.
 */
@ActiveProfiles("it")
class H2NoPhiInLogsIT extends SecurityIT {

	private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
	private Logger root;

	@BeforeEach
	void capture() {
		root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		captured.start();
		root.addAppender(captured);
	}

	@AfterEach
	void release() {
		root.detachAppender(captured);
	}

	@Test
	void phiTrafficGoodAndBadLeavesNoPatientNameOrIdentifierInTheLogs() throws Exception {
		String family = fixture.patientSecrets().get(0);
		String mrn = fixture.patientSecrets().get(1);
		store(fixture, List.of("Patient", "ServiceRequest", "Task"));
		SecurityFixture other = new SecurityFixture(CLIENT_CONTEXT, run + "b", "US-NY");
		store(other, List.of("Patient", "ServiceRequest", "Task"));
		actAs("ehr", fixture);
		String patient = json(fixture.get("Patient"));

		send("GET", "/Patient/" + fixture.id("Patient"), null);
		send("GET", "/Patient?name=" + family + "&identifier=" + URLEncoder.encode("https://ehr.example.org/mrn|" + mrn,
				StandardCharsets.UTF_8), null);
		send("GET", "/Patient?birthdate=" + family, null);
		send("GET", "/Patient?" + family + "=" + mrn, null);
		send("GET", "/Patient/" + other.id("Patient"), null);
		send("POST", "/Patient", patient.replace("\"family\"", "\"familyName\""), "Content-Type", JSON);
		send("POST", "/Patient", patient.substring(0, patient.length() / 2), "Content-Type", JSON);
		send("POST", "/Patient", patient.replace("\"gender\":\"male\"", "\"gender\":\"" + family + "\""), "Content-Type", JSON);
		send("POST", "/Patient", "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"" + family + "\"/></name><x>",
				"Content-Type", XML);
		send("PUT", "/Patient/" + other.id("Patient"), json(other.get("Patient")), "Content-Type", JSON);
		// HAPI's terminology check logs a language code it does not know, with the code.
		Patient speaking = (Patient) fixture.get("Patient").copy();
		speaking.addCommunication().getLanguage().addCoding().setSystem("urn:ietf:bcp:47").setCode(family);
		send("PUT", "/Patient/" + fixture.id("Patient"), json(speaking), "Content-Type", JSON);
		send("POST", "/Patient/$validate", patient, "Content-Type", JSON);
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource((Patient) fixture.get("Patient").setId((String) null)).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		transaction.addEntry().setResource(fixture.get("ServiceRequest").setId((String) null)).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Task");
		send("POST", "", json(transaction), "Content-Type", JSON);
		ServiceRequest referral = (ServiceRequest) fixture.get("ServiceRequest");
		referral.setId((String) null);
		Patient subject = (Patient) fixture.get("Patient");
		subject.setId("p1");
		referral.addContained(subject);
		referral.setSubject(new org.hl7.fhir.r4.model.Reference("#p1"));
		Parameters match = new Parameters();
		match.addParameter().setName("referral").setResource(referral);
		send("POST", "/ServiceRequest/$match", json(match), "Content-Type", JSON);
		anonymous();
		send("GET", "/Patient?name=" + family, null);
		send("POST", "/Patient", patient, "Content-Type", JSON, "Authorization", "Bearer " + family);
		LoggerFactory.getLogger("health.rapport.canary").warn("canary: the capture is attached");

		List<String> lines = lines();
		assertThat(lines).anyMatch(l -> l.contains("canary"));
		assertThat(lines).noneMatch(l -> l.contains(family)).noneMatch(l -> l.contains(mrn));
	}

	/** Each event's formatted message and every message of its exception chain. */
	private List<String> lines() {
		List<String> lines = new ArrayList<>();
		for (ILoggingEvent event : List.copyOf(captured.list)) {
			lines.add(event.getLoggerName() + " " + event.getFormattedMessage());
			for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
				lines.add(t.getClassName() + ": " + t.getMessage());
			}
		}
		return lines;
	}
}
