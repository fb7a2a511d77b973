package health.rapport.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the integration tests: the whole application on a random port, reached through HAPI's
 * generic client and plain HTTP. Subclasses choose the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class FhirIT {

	protected static final FhirContext CLIENT_CONTEXT = clientContext();
	protected static final String JSON = "application/fhir+json";
	protected static final String XML = "application/fhir+xml";

	@LocalServerPort
	protected int port;

	protected IGenericClient client;
	protected final HttpClient http = HttpClient.newHttpClient();
	/** A suffix unique to each test, so tests sharing a database do not see each other's data. */
	protected String run;

	@BeforeEach
	void connect() {
		client = CLIENT_CONTEXT.newRestfulGenericClient(base());
		run = UUID.randomUUID().toString().substring(0, 8);
	}

	/** The least Practitioner Rapport's profile accepts: an identifier and a name. */
	protected Practitioner practitioner(String family) {
		Practitioner p = new Practitioner();
		p.addIdentifier().setSystem("https://rapport.health/fhir/licence/US-CA").setValue(UUID.randomUUID().toString());
		p.addName().setFamily(family);
		return p;
	}

	protected String base() {
		return "http://localhost:" + port + "/fhir";
	}

	/** Sends a raw request; {@code headers} are name, value pairs. */
	protected HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
		request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static FhirContext clientContext() {
		FhirContext context = FhirContext.forR4();
		context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		context.getRestfulClientFactory().setSocketTimeout(60_000);
		return context;
	}
}
