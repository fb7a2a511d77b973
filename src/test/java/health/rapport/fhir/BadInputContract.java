package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

/** Bad requests get a clear OperationOutcome with the right status, and change nothing. */
public abstract class BadInputContract extends FhirIT {

	private int practitioners() {
		return client.search().forResource(Practitioner.class).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
				.returnBundle(Bundle.class).execute().getTotal();
	}

	private OperationOutcome refused(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return CLIENT_CONTEXT.newJsonParser().parseResource(OperationOutcome.class, response.body());
	}

	@Test
	void malformedJsonAndXmlAreRefusedWith400() throws Exception {
		int before = practitioners();
		OperationOutcome json = refused(send("POST", "/Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{",
				"Content-Type", JSON), 400);
		OperationOutcome xml = refused(send("POST", "/Practitioner?_format=json", "<Practitioner xmlns=\"http://hl7.org/fhir\"><name>",
				"Content-Type", XML), 400);
		OperationOutcome wrongType = refused(send("POST", "/Practitioner", "{\"resourceType\":\"Practitioner\",\"active\":\"yes\"}",
				"Content-Type", JSON), 400);

		assertThat(json.getIssueFirstRep().getDiagnostics()).isNotBlank();
		assertThat(xml.getIssueFirstRep().getDiagnostics()).isNotBlank();
		assertThat(wrongType.getIssueFirstRep().getDiagnostics()).contains("active");
		assertThat(practitioners()).isEqualTo(before);
	}

	@Test
	void unknownElementIsRefusedNotDropped() throws Exception {
		int before = practitioners();
		OperationOutcome outcome = refused(send("POST", "/Practitioner",
				"{\"resourceType\":\"Practitioner\",\"favouriteColour\":\"blue\"}", "Content-Type", JSON), 400);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("favouriteColour");
		assertThat(practitioners()).isEqualTo(before);
	}

	@Test
	void bodyOfAnotherTypeThanTheUrlIsRefused() throws Exception {
		int before = practitioners();
		OperationOutcome outcome = refused(send("POST", "/Practitioner", "{\"resourceType\":\"Organization\",\"name\":\"x\"}",
				"Content-Type", JSON), 400);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).containsIgnoringCase("Organization");
		assertThat(practitioners()).isEqualTo(before);
	}

	@Test
	void invalidIdsAreRefused() throws Exception {
		int before = practitioners();
		String tooLong = "x".repeat(65);
		refused(send("PUT", "/Practitioner/" + tooLong, "{\"resourceType\":\"Practitioner\",\"id\":\"" + tooLong + "\"}",
				"Content-Type", JSON), 400);
		refused(send("PUT", "/Practitioner/a-" + run, "{\"resourceType\":\"Practitioner\",\"id\":\"b-" + run + "\"}",
				"Content-Type", JSON), 400);
		assertThat(practitioners()).isEqualTo(before);
	}

	@Test
	void invalidSearchValuesAndUnknownParametersAre400() throws Exception {
		OperationOutcome date = refused(send("GET", "/Practitioner?_lastUpdated=gt2024-13-45", null), 400);
		assertThat(date.getIssueFirstRep().getDiagnostics()).contains("2024-13-45");
		OperationOutcome unknown = refused(send("GET", "/Practitioner?favourite-colour=blue", null), 400);
		assertThat(unknown.getIssueFirstRep().getDiagnostics()).contains("favourite-colour").contains("family");
		refused(send("GET", "/Location?near=north-pole", null), 400);
		refused(send("GET", "/PractitionerRole?_include=PractitionerRole:nothing", null), 400);
		refused(send("GET", "/Practitioner?_count=abc", null), 400);
		refused(send("GET", "/Practitioner?_count=-1", null), 400);

		HttpResponse<String> lenient = send("GET", "/Practitioner?favourite-colour=blue&_summary=count", null, "Prefer",
				"handling=lenient");
		assertThat(lenient.statusCode()).isEqualTo(200);
	}

	/** Requests HAPI or the store used to answer with a 500 (a null pointer, a decoder's exception). */
	@Test
	void oddButWellFormedRequestsAreAnsweredNotFailed() throws Exception {
		// Sent raw: HTTP clients refuse to send a malformed escape.
		try (Socket socket = new Socket("localhost", port)) {
			socket.getOutputStream().write(("GET /fhir/Practitioner?family=%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 400").contains("OperationOutcome").contains("percent-escape");
		}
		int before = practitioners();
		OperationOutcome conditional = refused(send("DELETE", "/Practitioner?family=Nobody" + run, null), 405);
		assertThat(conditional.getIssueFirstRep().getDiagnostics()).contains("Conditional delete");
		refused(send("DELETE", "/Practitioner", null), 405);
		assertThat(practitioners()).isEqualTo(before);

		// A dozen characters that HAPI would write out as a billion digits.
		for (String number : List.of("1e-999999999", "1e2000")) {
			String body = json(practitioner("Huge" + run)).replaceFirst("\\{", "{\"extension\":[{\"url\":\"http://example.org/x\","
					+ "\"valueDecimal\":" + number + "}],");
			OperationOutcome huge = refused(send("POST", "/Practitioner", body, "Content-Type", JSON), 400);
			assertThat(huge.getIssueFirstRep().getDiagnostics()).contains("out of range");
		}
		// A control character: FHIR strings should not hold one, and the resource could not be read as XML.
		String nul = json(practitioner("LeNULe" + run)).replace("LeNULe", "Le\\u0000e");
		OperationOutcome control = refused(send("POST", "/Practitioner", nul, "Content-Type", JSON), 400);
		assertThat(control.getIssueFirstRep().getDiagnostics()).contains("U+0000");
		// A property given twice: HAPI kept the last, so "active":true,"active":false was stored as false.
		String twice = json(practitioner("Twice" + run)).replaceFirst("\\{", "{\"active\":true,\"active\":false,");
		OperationOutcome duplicate = refused(send("POST", "/Practitioner", twice, "Content-Type", JSON), 400);
		assertThat(duplicate.getIssueFirstRep().getDiagnostics()).contains("twice").contains("active");
		// HAPI reads single quotes: the checks read them too, so they are not a way around them.
		String quoted = twice.replace("\"active\":true", "'active':true");
		refused(send("POST", "/Practitioner", quoted, "Content-Type", JSON), 400);
		refused(send("GET", "/Practitioner/_history?_since=garbage", null), 400);
		assertThat(practitioners()).isEqualTo(before);

		// POST _search reads a form: a JSON body would be ignored and every Practitioner answered.
		HttpResponse<String> jsonSearch = send("POST", "/Practitioner/_search", "{\"family\":\"Nobody\"}", "Content-Type", JSON);
		assertThat(jsonSearch.statusCode()).as(jsonSearch.body()).isEqualTo(415);
		HttpResponse<String> formSearch = send("POST", "/Practitioner/_search", "family=Nobody" + run + "&_summary=count",
				"Content-Type", "application/x-www-form-urlencoded");
		assertThat(formSearch.body()).contains("\"total\":0");

		String id = client.create().resource(practitioner("Narrative" + run)).execute().getId().getIdPart();
		HttpResponse<String> text = send("GET", "/Practitioner/" + id + "?_summary=text", null);
		assertThat(text.statusCode()).isEqualTo(200);
		assertThat(text.body()).contains("no narrative");
	}

	/** PATCH is not supported (405, not a 400 as if the request were malformed); a body no parser reads is a 415. */
	@Test
	void unsupportedMethodAndMediaTypeHaveTheirOwnStatus() throws Exception {
		Practitioner p = practitioner("Media" + run);
		String id = client.create().resource(p).execute().getId().getIdPart();
		p.setId(id);
		int before = practitioners();

		OperationOutcome patch = refused(send("PATCH", "/Practitioner/" + id, "[{\"op\":\"remove\",\"path\":\"/name\"}]",
				"Content-Type", "application/json-patch+json"), 405);
		assertThat(patch.getIssueFirstRep().getDiagnostics()).contains("PATCH");
		OperationOutcome text = refused(send("POST", "/Practitioner", json(p), "Content-Type", "text/plain"), 415);
		assertThat(text.getIssueFirstRep().getDiagnostics()).contains("text/plain");
		refused(send("PUT", "/Practitioner/" + id, json(p), "Content-Type", "application/octet-stream"), 415);
		refused(send("POST", "", json(new Bundle().setType(Bundle.BundleType.TRANSACTION)), "Content-Type", "text/plain"), 415);

		assertThat(practitioners()).isEqualTo(before);
		assertThat(client.read().resource(Practitioner.class).withId(id).execute().getMeta().getVersionId()).isEqualTo("1");
	}

	/** A primitive given as another JSON type ("true" for true) is refused, naming the element, not coerced. */
	@Test
	void primitiveOfTheWrongJsonTypeIsRefused() throws Exception {
		int before = practitioners();
		String body = json(practitioner("Typed" + run));
		Map<String, String> wrong = Map.of("active", "\"active\":\"true\"", "birthDate", "\"birthDate\":19800101",
				"valueInteger", "\"extension\":[{\"url\":\"http://example.org/x\",\"valueInteger\":\"5\"}]",
				"gender", "\"gender\":true");
		for (Map.Entry<String, String> property : wrong.entrySet()) {
			OperationOutcome outcome = refused(send("POST", "/Practitioner", body.replaceFirst("\\{", "{" + property.getValue() + ","),
					"Content-Type", JSON), 400);
			assertThat(outcome.getIssueFirstRep().getDiagnostics()).as(property.getValue()).contains(property.getKey());
		}
		// Inside a transaction's entry, too.
		String entry = body.replaceFirst("\\{", "{\"active\":\"true\",");
		refused(send("POST", "", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + entry
				+ ",\"request\":{\"method\":\"POST\",\"url\":\"Practitioner\"}}]}", "Content-Type", JSON), 400);
		assertThat(practitioners()).isEqualTo(before);

		String right = body.replaceFirst("\\{", "{\"active\":true,\"birthDate\":\"1980-01-01\",\"extension\":[{\"url\":"
				+ "\"http://example.org/x\",\"valueDecimal\":5}],");
		HttpResponse<String> created = send("POST", "/Practitioner", right, "Content-Type", JSON);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/Practitioner/([^/]+)/.*", "$1");
		Practitioner read = client.read().resource(Practitioner.class).withId(id).execute();
		assertThat(read.getActive()).isTrue();
		assertThat(read.getBirthDateElement().getValueAsString()).isEqualTo("1980-01-01");
	}

	@Test
	void injectionStringsAreDataNotSql() throws Exception {
		String hostile = "Robert'); DROP TABLE fhir_resource;-- " + run;
		Practitioner p = practitioner(hostile);
		client.create().resource(p).execute();

		HttpResponse<String> found = send("GET", "/Practitioner?family:exact=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8)
				+ "&_summary=count", null);
		HttpResponse<String> none = send("GET", "/Practitioner?family=" + URLEncoder.encode("' OR '1'='1", StandardCharsets.UTF_8)
				+ "&_summary=count", null);

		assertThat(found.body()).contains("\"total\":1");
		assertThat(none.body()).contains("\"total\":0");
		assertThat(practitioners()).isPositive();
	}
}
