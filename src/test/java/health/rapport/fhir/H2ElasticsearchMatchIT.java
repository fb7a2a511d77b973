package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.search.elasticsearch.ElasticsearchNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every $match test of {@link H2MatchIT}, with the provider index on a real Elasticsearch node
 * (profile elasticsearch), and what that backend adds: the index converges after Elasticsearch
 * was down while the store took writes, and the admin rebuild moves the alias to a new index
 * without changing a ranking.
 */
@ActiveProfiles("elasticsearch")
class H2ElasticsearchMatchIT extends H2MatchIT {

	private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

	@DynamicPropertySource
	static void elasticsearch(DynamicPropertyRegistry registry) {
		registry.add("spring.elasticsearch.uris", () -> ElasticsearchNode.shared().uri());
		registry.add("rapport.elasticsearch.index-alias", () -> "it-" + UUID.randomUUID());
	}

	@Test
	void writesSucceedWhileElasticsearchIsDownAndTheIndexConvergesWhenItIsBack() throws Exception {
		List<String> before = ranking();
		String top = before.get(0);
		ElasticsearchNode node = ElasticsearchNode.shared();
		node.stop();
		try {
			client.delete().resourceById("PractitionerRole", top).execute();
			assertThat(client.read().resource("PractitionerRole").withId(top).execute()).isNull();
		} catch (ca.uhn.fhir.rest.server.exceptions.ResourceGoneException expected) {
			// read after delete is 410 Gone: the write went through
		} finally {
			await(Duration.ofSeconds(30), () -> actuator("GET", "/health/readiness").statusCode() == 503);
			node.start();
		}
		await(Duration.ofSeconds(90), () -> !ranking().contains(top));
		assertThat(ranking()).as("the rest of the ranking is unchanged").startsWith(before.subList(1, 6).toArray(String[]::new));
		await(Duration.ofSeconds(30), () -> actuator("GET", "/health/readiness").statusCode() == 200);
	}

	@Test
	void theAdminRebuildSwitchesToANewIndexAndKeepsTheRanking() throws Exception {
		JsonNode status = JSON_MAPPER.readTree(actuator("GET", "/providerindex").body());
		String indexBefore = status.get("indices").get(0).asText();
		List<String> before = ranking();

		String admin = token;
		anonymous();
		assertThat(actuator("POST", "/providerindex").statusCode()).as("anonymous").isEqualTo(401);
		token = admin;
		assertThat(actuator("POST", "/providerindex").statusCode()).isEqualTo(200);
		await(Duration.ofSeconds(60), () -> {
			JsonNode now = JSON_MAPPER.readTree(actuator("GET", "/providerindex").body());
			return now.at("/rebuild/state").asText().equals("done") && !now.get("indices").get(0).asText().equals(indexBefore);
		});

		JsonNode after = JSON_MAPPER.readTree(actuator("GET", "/providerindex").body());
		assertThat(after.get("indices")).hasSize(1);
		assertThat(after.get("engine").asText()).isEqualTo("elasticsearch");
		assertThat(after.at("/rebuild/total").asLong()).isEqualTo(after.get("documents").asLong()).isPositive();
		assertThat(ranking()).isEqualTo(before);
	}

	private List<String> ranking() {
		return matches(match(referral(), 10)).stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private HttpResponse<String> actuator(String method, String path) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator" + path))
				.method(method, HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}
}
