package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Production mode: the embedded authorization server off, tokens from an external issuer (here a
 * stand-in serving OpenID discovery and a JWK Set over HTTP), clients still registered in Rapport.
 */
@ActiveProfiles("it")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class H2ExternalIssuerIT {

	private static final String AUDIENCE = "https://rapport.example.org/fhir";
	private static final RSAKey KEY = key();
	private static final HttpServer ISSUER = issuer();

	@LocalServerPort
	int port;

	@Autowired
	ApiClients clients;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void external(DynamicPropertyRegistry registry) {
		registry.add("rapport.security.embedded-issuer", () -> "false");
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", H2ExternalIssuerIT::issuerUri);
		registry.add("rapport.security.audience", () -> AUDIENCE);
		registry.add("rapport.security.external-token-endpoint", () -> issuerUri() + "/token");
	}

	@AfterAll
	static void stop() {
		ISSUER.stop(0);
	}

	@Test
	void tokensOfTheExternalIssuerForRegisteredClientsAreAccepted() throws Exception {
		clients.save(new ApiClient("keycloak-admin", ClientKind.ADMIN, List.of(), Set.of("system/*.cruds"), null, null));
		String body = "{\"resourceType\":\"Organization\",\"name\":\"External " + port + "\"}";
		assertThat(post("/fhir/Organization", body, token("keycloak-admin", AUDIENCE)).statusCode()).isEqualTo(201);
		assertThat(post("/fhir/Organization", body, token("keycloak-admin", "https://elsewhere.example.org")).statusCode())
				.isEqualTo(401);
		assertThat(post("/fhir/Organization", body, token("not-registered-here", AUDIENCE)).statusCode()).isEqualTo(403);
	}

	@Test
	void theEmbeddedTokenEndpointIsGoneAndDiscoveryNamesTheExternalOne() throws Exception {
		HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(token.statusCode()).isNotEqualTo(200);
		assertThat(token.body()).doesNotContain("access_token");
		String smart = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
				+ "/fhir/.well-known/smart-configuration")).build(), HttpResponse.BodyHandlers.ofString()).body();
		assertThat(smart).contains("\"token_endpoint\":\"" + issuerUri() + "/token\"");
	}

	private HttpResponse<String> post(String path, String body, String bearer) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + bearer)
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String token(String subject, String audience) throws Exception {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuerUri()).subject(subject).audience(audience)
				.issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
				.claim("scope", "system/*.cruds").build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(KEY));
		return jwt.serialize();
	}

	private static String issuerUri() {
		return "http://localhost:" + ISSUER.getAddress().getPort();
	}

	private static RSAKey key() {
		try {
			return new RSAKeyGenerator(2048).keyID("external-1").generate();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** OpenID discovery and the JWK Set, as an external issuer (Keycloak, ...) publishes them. */
	private static HttpServer issuer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/.well-known/openid-configuration", exchange -> {
				String uri = "http://localhost:" + server.getAddress().getPort();
				reply(exchange, "{\"issuer\":\"" + uri + "\",\"jwks_uri\":\"" + uri + "/jwks\",\"token_endpoint\":\"" + uri
						+ "/token\",\"subject_types_supported\":[\"public\"]}");
			});
			server.createContext("/jwks", exchange -> reply(exchange, new JWKSet(KEY).toString(true)));
			server.start();
			return server;
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static void reply(com.sun.net.httpserver.HttpExchange exchange, String json) throws java.io.IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}
}
