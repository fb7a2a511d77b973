package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;

/**
 * Tokens and client assertions that must be refused: expired, signed by another key, for another
 * audience or issuer, lacking the scope, a replayed client assertion; and the SMART Backend
 * Services flow that must work (private_key_jwt, no client_id parameter).
 */
@ActiveProfiles("it")
class H2TokenFaultsIT extends SecurityIT {

	private static final String ISSUER = "http://localhost:8080";
	private static final String AUDIENCE = "http://localhost:8080/fhir";
	private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	@Autowired
	JWKSource<SecurityContext> serverKeys;

	@Test
	void serverSignedTokenWithGoodClaimsIsAcceptedSoTheFaultsBelowAreTheOnlyDifference() throws Exception {
		assertThat(call(serverSigned(claims(ADMIN).build()), "POST").statusCode()).isEqualTo(201);
	}

	@Test
	void expiredTokenIs401() throws Exception {
		JWTClaimsSet expired = claims(ADMIN).issueTime(Date.from(Instant.now().minusSeconds(3600)))
				.expirationTime(Date.from(Instant.now().minusSeconds(600))).build();
		assertInvalidToken(call(serverSigned(expired), "GET"));
	}

	@Test
	void tokenSignedByAnotherKeyIs401() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID(serverKey().getKeyID()).generate();
		assertInvalidToken(call(sign(claims(ADMIN).build(), stranger, JWSAlgorithm.RS256), "GET"));
	}

	@Test
	void tokenForAnotherAudienceOrFromAnotherIssuerIs401() throws Exception {
		assertInvalidToken(call(serverSigned(claims(ADMIN).audience("https://elsewhere.example.org/fhir").build()), "GET"));
		assertInvalidToken(call(serverSigned(claims(ADMIN).issuer("https://evil.example.org").build()), "GET"));
	}

	@Test
	void garbageTokenIs401AndMissingTokenOnAWriteIs401() throws Exception {
		assertInvalidToken(send("GET", "/Practitioner", null, "Authorization", "Bearer not.a.token"));
		anonymous();
		HttpResponse<String> none = send("POST", "/Practitioner", json(fixture.get("Practitioner")), "Content-Type", JSON);
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
	}

	@Test
	void tokenWithoutTheScopeIs403InsufficientScope() throws Exception {
		actAs("ehr-narrow-" + run, ClientKind.EHR, List.of(fixture.ehrOrganization()), "system/ServiceRequest.rs");
		HttpResponse<String> response = send("POST", "/ServiceRequest", json(fixture.get("ServiceRequest").setId((String) null)),
				"Content-Type", JSON);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying(h -> assertThat(h).contains("insufficient_scope").contains("system/ServiceRequest.c"));
		assertThat(response.body()).contains("OperationOutcome");
	}

	@Test
	void clientAssertionGetsATokenOnceAndItsReplayIsRefused() throws Exception {
		RSAKey key = registerBackendClient("backend-" + run);
		String assertion = assertion("backend-" + run, key, ISSUER + "/oauth2/token", UUID.randomUUID().toString());
		HttpResponse<String> first = tokenRequest(backendForm(assertion, "system/ServiceRequest.rs"));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		assertThat(first.body()).contains("access_token").contains("system/ServiceRequest.rs");

		HttpResponse<String> replay = tokenRequest(backendForm(assertion, "system/ServiceRequest.rs"));
		assertThat(replay.statusCode()).isEqualTo(401);
		assertThat(replay.body()).contains("invalid_client").doesNotContain("access_token");
	}

	@Test
	void tokenFromAClientAssertionOpensTheClientsCompartment() throws Exception {
		store(fixture, List.of("Patient", "ServiceRequest", "Task"));
		RSAKey key = registerBackendClient("backend-" + run);
		String assertion = assertion("backend-" + run, key, ISSUER + "/oauth2/token", UUID.randomUUID().toString());
		String body = tokenRequest(backendForm(assertion, "system/ServiceRequest.rs")).body();
		token = body.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		assertThat(send("GET", "/ServiceRequest/" + fixture.id("ServiceRequest"), null).statusCode()).isEqualTo(200);
	}

	@Test
	void clientAssertionSignedByAnUnregisteredKeyOrForAnotherAudienceIsRefused() throws Exception {
		registerBackendClient("backend-" + run);
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
		String forged = assertion("backend-" + run, stranger, ISSUER + "/oauth2/token", UUID.randomUUID().toString());
		assertThat(tokenRequest(backendForm(forged, "system/ServiceRequest.rs")).statusCode()).isEqualTo(401);
		RSAKey key = registerBackendClient("backend2-" + run);
		String elsewhere = assertion("backend2-" + run, key, "https://elsewhere.example.org/token", UUID.randomUUID().toString());
		assertThat(tokenRequest(backendForm(elsewhere, "system/ServiceRequest.rs")).statusCode()).isEqualTo(401);
	}

	@Test
	void scopeBeyondTheRegisteredOnesIsRefused() throws Exception {
		RSAKey key = registerBackendClient("backend-" + run);
		String assertion = assertion("backend-" + run, key, ISSUER + "/oauth2/token", UUID.randomUUID().toString());
		HttpResponse<String> response = tokenRequest(backendForm(assertion, "system/*.cruds"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid_scope");
	}

	@Test
	void smartConfigurationAdvertisesBackendServices() throws Exception {
		anonymous();
		HttpResponse<String> response = send("GET", "/.well-known/smart-configuration", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"token_endpoint\":\"http://localhost:" + port + "/oauth2/token\"")
				.contains("private_key_jwt").contains("client-confidential-asymmetric").contains("client_credentials")
				.contains("system/ServiceRequest.cruds");
	}

	private RSAKey registerBackendClient(String clientId) throws JOSEException {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		apiClients.save(new ApiClient(clientId, ClientKind.EHR, List.of(fixture.ehrOrganization()),
				Set.of("system/ServiceRequest.rs"), new JWKSet(key).toString(true), null));
		return key;
	}

	private static String backendForm(String assertion, String scope) {
		return "grant_type=client_credentials&scope=" + form(scope) + "&client_assertion_type=" + form(JWT_BEARER)
				+ "&client_assertion=" + form(assertion);
	}

	private static String assertion(String clientId, RSAKey key, String audience, String jti) throws JOSEException {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
				.jwtID(jti).expirationTime(Date.from(Instant.now().plusSeconds(240))).build();
		return sign(claims, key, JWSAlgorithm.RS384);
	}

	private HttpResponse<String> call(String bearer, String method) throws Exception {
		String body = method.equals("POST") ? json(fixture.get("Practitioner").setId((String) null)) : null;
		return send(method, "/Practitioner", body, "Authorization", "Bearer " + bearer, "Content-Type", JSON);
	}

	private static void assertInvalidToken(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying(h -> assertThat(h).startsWith("Bearer").contains("invalid_token"));
		assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"");
	}

	private static JWTClaimsSet.Builder claims(String subject) {
		return new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(AUDIENCE)
				.issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
				.claim("scope", List.of("system/*.cruds"));
	}

	private String serverSigned(JWTClaimsSet claims) throws Exception {
		return sign(claims, serverKey(), JWSAlgorithm.RS256);
	}

	private RSAKey serverKey() throws Exception {
		return (RSAKey) serverKeys.get(new JWKSelector(new JWKMatcher.Builder().build()), null).get(0);
	}

	private static String sign(JWTClaimsSet claims, RSAKey key, JWSAlgorithm algorithm) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}
}
