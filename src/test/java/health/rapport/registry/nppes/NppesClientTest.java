package health.rapport.registry.nppes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import health.rapport.registry.Registration;
import health.rapport.registry.RegistrationStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NPPES connector against WireMock standing in for the external register (a third-party
 * peer that cannot run here): realistic v2.1 answers, 5xx, slow answers, malformed JSON, rate
 * limiting, and the circuit breaker that stops asking a register that keeps failing.
 */
class NppesClientTest {

	private static final String NPI = "1245319599";

	/** The shape of an NPPES v2.1 answer for one individual provider, trimmed to what matters. */
	private static final String ACTIVE = """
			{"result_count":1,"results":[{"created_epoch":"1183885806000","enumeration_type":"NPI-1","number":"%s",
			 "basic":{"first_name":"ADA","last_name":"OKAFOR","credential":"PHD","status":"A","enumeration_date":"2007-07-08"},
			 "addresses":[{"country_code":"US","address_purpose":"LOCATION","city":"FRESNO","state":"CA","postal_code":"937211234"}],
			 "taxonomies":[{"code":"103TC0700X","taxonomy_group":"","desc":"Psychologist, Clinical","state":"CA","license":"PSY12345","primary":true},
			               {"code":"103T00000X","taxonomy_group":"","desc":"Psychologist","state":"NV","license":"PY0999","primary":false}],
			 "identifiers":[],"endpoints":[],"other_names":[]}]}""".formatted(NPI);

	private WireMockServer register;
	private NppesClient client;

	@BeforeEach
	void start() {
		register = new WireMockServer(options().dynamicPort());
		register.start();
		client = new NppesClient(new NppesProperties(register.baseUrl() + "/api/", Duration.ofMillis(500), 3,
				Duration.ofMillis(20), Duration.ofHours(24)));
	}

	@AfterEach
	void stop() {
		register.stop();
	}

	@Test
	void anActiveNpiWithItsLicences() {
		register.stubFor(get(urlPathEqualTo("/api/")).willReturn(okJson(ACTIVE)));

		Optional<NppesRecord> found = client.lookUp(NPI);

		assertThat(found).hasValueSatisfying(r -> {
			assertThat(r.active()).isTrue();
			assertThat(r.licences()).containsExactly(new NppesRecord.Licence("103TC0700X", "PSY12345", "CA", true),
					new NppesRecord.Licence("103T00000X", "PY0999", "NV", false));
		});
		register.verify(getRequestedFor(urlPathEqualTo("/api/")).withQueryParam("version",
				com.github.tomakehurst.wiremock.client.WireMock.equalTo("2.1")).withQueryParam("number",
						com.github.tomakehurst.wiremock.client.WireMock.equalTo(NPI)));
	}

	@Test
	void noResultsIsNotFound() {
		register.stubFor(get(urlPathEqualTo("/api/")).willReturn(okJson("{\"result_count\":0,\"results\":[]}")));

		assertThat(client.lookUp(NPI)).isEmpty();
	}

	@Test
	void serverErrorsAreRetriedWithBackoff() {
		register.stubFor(get(urlPathEqualTo("/api/")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
		register.stubFor(get(urlPathEqualTo("/api/")).inScenario("flaky").whenScenarioStateIs("second")
				.willReturn(aResponse().withStatus(502)).willSetStateTo("third"));
		register.stubFor(get(urlPathEqualTo("/api/")).inScenario("flaky").whenScenarioStateIs("third").willReturn(okJson(ACTIVE)));

		assertThat(client.lookUp(NPI)).isPresent();
		register.verify(3, getRequestedFor(urlPathEqualTo("/api/")));
	}

	@Test
	void rateLimitingIsRetriedAfterTheTimeAsked() {
		register.stubFor(get(urlPathEqualTo("/api/")).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("allowed"));
		register.stubFor(get(urlPathEqualTo("/api/")).inScenario("limited").whenScenarioStateIs("allowed").willReturn(okJson(ACTIVE)));

		long started = System.nanoTime();
		assertThat(client.lookUp(NPI)).isPresent();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited as Retry-After asked").isGreaterThanOrEqualTo(
				Duration.ofMillis(900));
	}

	@Test
	void aSlowRegisterTimesOutAndIsReportedUnavailable() {
		register.stubFor(get(urlPathEqualTo("/api/")).willReturn(okJson(ACTIVE).withFixedDelay(2_000)));

		assertThatThrownBy(() -> client.lookUp(NPI)).isInstanceOf(NppesClient.Unavailable.class)
				.hasMessageContaining("after 3 attempts");
	}

	@Test
	void aMalformedAnswerIsNotRetried() {
		register.stubFor(get(urlPathEqualTo("/api/")).willReturn(aResponse().withStatus(200).withBody("{\"results\": [ {\"number\"")));

		assertThatThrownBy(() -> client.lookUp(NPI)).isInstanceOf(NppesClient.Unavailable.class).hasMessageContaining("not JSON");
		register.verify(1, getRequestedFor(urlPathEqualTo("/api/")));
	}

	@Test
	void aRegisterThatKeepsFailingOpensTheCircuitAndIsNoLongerAsked() {
		register.stubFor(get(urlPathEqualTo("/api/")).willReturn(aResponse().withStatus(500)));

		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> client.lookUp(NPI)).isInstanceOf(NppesClient.Unavailable.class);
		}
		int asked = register.getAllServeEvents().size();
		assertThat(client.circuit()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThatThrownBy(() -> client.lookUp(NPI)).isInstanceOf(NppesClient.Unavailable.class).hasMessageContaining("circuit");
		assertThat(register.getAllServeEvents()).as("not asked while open").hasSize(asked);
	}

	@Test
	void outcomesCompareTheLicenceWithTheRegistration() {
		register.stubFor(get(urlPathEqualTo("/api/")).willReturn(okJson(ACTIVE)));
		ExternalVerification verification = new ExternalVerification(new NppesProperties(register.baseUrl() + "/api/",
				Duration.ofMillis(500), 1, Duration.ofMillis(10), Duration.ofHours(24)), null);

		assertThat(verification.check(registration("US-CA", "psy12345")).outcome()).isEqualTo("confirmed");
		assertThat(verification.check(registration("US-NV", "PSY12345")).outcome()).isEqualTo("mismatch");
		register.stubFor(get(urlPathEqualTo("/api/")).willReturn(okJson(ACTIVE.replace("\"status\":\"A\"", "\"status\":\"D\""))));
		assertThat(verification.check(registration("US-CA", "PSY12345")).outcome()).isEqualTo("deactivated");
	}

	private static Registration registration(String jurisdiction, String number) {
		return new Registration(jurisdiction, number, "Okafor", "Ada", "103TC0700X", RegistrationStatus.REGISTERED, null, null, NPI);
	}
}
