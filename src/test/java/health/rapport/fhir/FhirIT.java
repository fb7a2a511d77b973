package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import health.rapport.security.ApiClient;
import health.rapport.security.ApiClients;
import health.rapport.security.ClientKind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Base of the integration tests: the whole application on a random port, reached through HAPI's
 * generic client and plain HTTP. Subclasses choose the database. Both act as an admin client by
 * default, with a real token from the embedded server's {@code /oauth2/token} (client_secret_basic
 * of a client registered here); {@link #actAs} switches to another client, {@link #anonymous} to none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class FhirIT {

	protected static final FhirContext CLIENT_CONTEXT = clientContext();
	protected static final String JSON = "application/fhir+json";
	protected static final String XML = "application/fhir+xml";
	/** The admin client the tests write their fixtures with. */
	protected static final String ADMIN = "it-admin";

	private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
	private static final BCryptPasswordEncoder FAST_BCRYPT = new BCryptPasswordEncoder(4);
	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	@LocalServerPort
	protected int port;

	@Autowired
	protected ApiClients apiClients;

	protected IGenericClient client;
	protected final HttpClient http = HttpClient.newHttpClient();
	/** A suffix unique to each test, so tests sharing a database do not see each other's data. */
	protected String run;
	/** The bearer token {@link #client} and {@link #send} present; null for an anonymous caller. */
	protected String token;

	@BeforeEach
	void connect() throws Exception {
		client = CLIENT_CONTEXT.newRestfulGenericClient(base());
		client.registerInterceptor(new BearerToken());
		run = UUID.randomUUID().toString().substring(0, 8);
		token = tokenFor(ADMIN, ClientKind.ADMIN, List.of(), "system/*.cruds");
	}

	/** Registers a client (secret: its id + "-secret") unless it is registered, and acts as it from now on. */
	protected void actAs(String clientId, ClientKind kind, List<String> actsFor, String scopes) throws Exception {
		token = tokenFor(clientId, kind, actsFor, scopes);
	}

	/** No token from now on. */
	protected void anonymous() {
		token = null;
	}

	/** A token for the client, registered first when it is not; tokens are kept per server and client. */
	protected String tokenFor(String clientId, ClientKind kind, List<String> actsFor, String scopes) throws Exception {
		if (apiClients.find(clientId).isEmpty()) {
			apiClients.save(new ApiClient(clientId, kind, actsFor, Set.of(scopes.split(" ")), null,
					"{bcrypt}" + FAST_BCRYPT.encode(clientId + "-secret")));
		}
		String key = port + " " + System.identityHashCode(apiClients) + " " + clientId;
		String cached = TOKENS.get(key);
		if (cached != null) {
			return cached;
		}
		String granted = String.join(" ", apiClients.find(clientId).orElseThrow().scopes());
		HttpResponse<String> response = tokenRequest("grant_type=client_credentials&scope=" + form(granted), "Authorization",
				"Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8)));
		Matcher m = ACCESS_TOKEN.matcher(response.body());
		if (response.statusCode() != 200 || !m.find()) {
			throw new IllegalStateException("No token for " + clientId + ": " + response.statusCode() + " " + response.body());
		}
		TOKENS.put(key, m.group(1));
		return m.group(1);
	}

	/** A raw request to the token endpoint with a form body. */
	protected HttpResponse<String> tokenRequest(String form, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	protected static String form(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The least Practitioner Rapport's profile accepts: an identifier and a name. */
	protected Practitioner practitioner(String family) {
		Practitioner p = new Practitioner();
		p.addIdentifier().setSystem("https://rapport.health/fhir/licence/US-CA").setValue(UUID.randomUUID().toString());
		p.addName().setFamily(family);
		return p;
	}

	/** A resource as the JSON body of a request. */
	protected static String json(org.hl7.fhir.r4.model.Resource resource) {
		return CLIENT_CONTEXT.newJsonParser().encodeResourceToString(resource);
	}

	protected String base() {
		return "http://localhost:" + port + "/fhir";
	}

	/**
	 * Sends a raw request with the current {@link #token} (unless {@code headers} carry their own
	 * Authorization); {@code headers} are name, value pairs.
	 */
	protected HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
		request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		boolean authorization = false;
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
			authorization |= headers[i].equalsIgnoreCase("Authorization");
		}
		if (token != null && !authorization) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static FhirContext clientContext() {
		FhirContext context = FhirContext.forR4();
		context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		context.getRestfulClientFactory().setSocketTimeout(60_000);
		return context;
	}

	/** Adds the current token to each request of the generic client. */
	private final class BearerToken implements IClientInterceptor {

		@Override
		public void interceptRequest(IHttpRequest request) {
			if (token != null) {
				request.addHeader("Authorization", "Bearer " + token);
			}
		}

		@Override
		public void interceptResponse(IHttpResponse response) {}
	}

	/** Polls {@code condition} every 100 ms until it holds; fails after {@code timeout}, saying what {@code state} says then. */
	protected static void await(Duration timeout, Callable<Boolean> condition, Supplier<String> state) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.call()) {
			if (System.nanoTime() > deadline) {
				assertThat(System.nanoTime()).as("waited %s: %s", timeout, state.get()).isLessThan(deadline);
			}
			Thread.sleep(100);
		}
	}

	protected static void await(Duration timeout, Callable<Boolean> condition) throws Exception {
		await(timeout, condition, () -> "");
	}
}
