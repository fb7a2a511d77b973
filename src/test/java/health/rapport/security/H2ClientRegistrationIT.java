package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/** {@code PUT /admin/clients/{id}}: only an admin registers clients; a registered client then gets tokens. */
@ActiveProfiles("it")
class H2ClientRegistrationIT extends SecurityIT {

	@Test
	void adminRegistersAClientThatThenGetsATokenWithItsScopes() throws Exception {
		String body = "{\"kind\":\"regulator\",\"actsFor\":[\"GB-ENG\"],\"scopes\":[\"system/VerificationResult.cruds\"],"
				+ "\"secret\":\"s3cret-" + run + "\"}";
		assertThat(register("reg-" + run, body).statusCode()).isEqualTo(200);
		assertThat(apiClients.find("reg-" + run)).hasValueSatisfying(c -> {
			assertThat(c.kind()).isEqualTo(ClientKind.REGULATOR);
			assertThat(c.actsFor()).containsExactly("GB-ENG");
			assertThat(c.secretHash()).doesNotContain("s3cret");
		});
		HttpResponse<String> token = tokenRequest("grant_type=client_credentials&scope=" + form("system/VerificationResult.cruds"),
				"Authorization", "Basic " + Base64.getEncoder()
						.encodeToString(("reg-" + run + ":s3cret-" + run).getBytes(StandardCharsets.UTF_8)));
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(token.body()).contains("system/VerificationResult.cruds");
	}

	@Test
	void onlyAnAdminMayRegister() throws Exception {
		String body = "{\"kind\":\"admin\",\"scopes\":[\"system/*.cruds\"],\"secret\":\"x\"}";
		actAs("ehr", fixture);
		assertThat(register("escalate-" + run, body).statusCode()).isEqualTo(403);
		anonymous();
		assertThat(register("escalate-" + run, body).statusCode()).isEqualTo(401);
		assertThat(apiClients.find("escalate-" + run)).isEmpty();
	}

	@Test
	void privateKeysAreNotStoredAndNonsenseIsRefused() throws Exception {
		var key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate();
		String body = "{\"kind\":\"ehr\",\"actsFor\":[\"Organization/x\"],\"scopes\":[\"system/Task.rus\"],\"jwks\":"
				+ new com.nimbusds.jose.jwk.JWKSet(key).toString(false) + "}";
		assertThat(register("keyed-" + run, body).statusCode()).isEqualTo(200);
		assertThat(apiClients.find("keyed-" + run).orElseThrow().jwks()).contains("\"n\"").doesNotContain("\"d\"");
		assertThat(register("bad-" + run, "{\"kind\":\"wizard\",\"scopes\":[],\"secret\":\"x\"}").statusCode()).isEqualTo(400);
		assertThat(apiClients.find("bad-" + run)).isEmpty();
		assertThat(register("bad-" + run, "{\"kind\":\"ehr\",\"scopes\":[\"system/Task.r\"]}").statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> register(String clientId, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/clients/" + clientId))
				.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
