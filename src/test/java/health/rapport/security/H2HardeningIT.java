package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;

/** Body limit (413), XML external entities (400, no file read), CORS, security headers. */
@ActiveProfiles("it")
class H2HardeningIT extends SecurityIT {

	private static final int LIMIT = 10 * 1024 * 1024;

	@Autowired
	FhirContext serverContext;

	@TempDir
	Path dir;

	@Test
	void bodyOverTheLimitIs413ByLengthAndWhenChunked() throws Exception {
		byte[] big = new byte[LIMIT + 1];
		// by its declared length: answered before any of the body is read, so only the headers are sent
		String byLength;
		try (Socket socket = new Socket("localhost", port)) {
			socket.getOutputStream().write(("POST /fhir/Practitioner HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + JSON
					+ "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\nContent-Length: " + big.length + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			socket.setSoTimeout(10_000);
			StringBuilder head = new StringBuilder();
			var in = socket.getInputStream();
			for (int b = in.read(); b >= 0 && head.indexOf("\r\n\r\n") < 0; b = in.read()) {
				head.append((char) b);
			}
			byLength = head.toString();
		}
		assertThat(byLength).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/fhir+json");

		HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(base() + "/Practitioner"))
				.header("Content-Type", JSON).header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).isEqualTo(413);
	}

	@Test
	void xmlWithAnExternalEntityIsRefusedAndReadsNoFile() throws Exception {
		Path secret = dir.resolve("secret.txt");
		Files.writeString(secret, "XXE-SECRET-" + run);
		String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Practitioner [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
				+ "<Practitioner xmlns=\"http://hl7.org/fhir\"><identifier><system value=\"https://rapport.health/fhir/licence/US-CA\"/>"
				+ "<value value=\"x-" + run + "\"/></identifier><name><family value=\"&xxe;\"/></name></Practitioner>";
		HttpResponse<String> response = send("POST", "/Practitioner", xxe, "Content-Type", XML);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("XXE-SECRET");
		assertThat(client.search().byUrl("Practitioner?family=XXE-SECRET-" + run).returnBundle(Bundle.class).execute()
				.getTotal()).isZero();

		// and behind the filter, HAPI's XML parser does not resolve the entity either
		Throwable parsed = catchThrowable(() -> assertThat(serverContext.newXmlParser()
				.parseResource(Practitioner.class, xxe).getNameFirstRep().getFamily()).doesNotContain("XXE-SECRET"));
		assertThat(parsed == null || !String.valueOf(parsed.getMessage()).contains("XXE-SECRET")).isTrue();
	}

	@Test
	void allowedOriginMayCallWithATokenAndReadFhirHeadersOthersMayNot() throws Exception {
		HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base() + "/Practitioner"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.org")
				.header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization,content-type")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");

		HttpResponse<String> get = send("GET", "/Practitioner?_count=1", null, "Origin", "https://app.example.org");
		assertThat(get.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
				h -> assertThat(h).contains("ETag").contains("Location").contains("WWW-Authenticate"));

		HttpResponse<String> evil = http.send(HttpRequest.newBuilder(URI.create(base() + "/Practitioner"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example.org")
				.header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(evil.statusCode()).isEqualTo(403);
		assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void htmlPagesCarryTheSecurityHeaders() throws Exception {
		anonymous();
		HttpResponse<String> page = send("GET", "/metadata", null, "Accept", "text/html");
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("html"));
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
				.hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'").contains("object-src 'none'"));
	}
}
