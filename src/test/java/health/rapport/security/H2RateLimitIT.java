package health.rapport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/** Anonymous requests are rate limited per address (429 with Retry-After); clients with a token are not. */
@ActiveProfiles("it")
@TestPropertySource(properties = {"rapport.security.hardening.anonymous-per-minute=6",
		"rapport.security.hardening.anonymous-burst=3"})
class H2RateLimitIT extends SecurityIT {

	@Test
	void anonymousBurstBeyondTheBucketIs429WithRetryAfterWhileTokensPassOn() throws Exception {
		anonymous();
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> last = null;
		for (int i = 0; i < 5; i++) {
			last = send("GET", "/Practitioner?_count=1", null);
			statuses.add(last.statusCode());
		}
		assertThat(statuses.subList(0, 3)).containsOnly(200);
		assertThat(statuses.get(4)).isEqualTo(429);
		assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 10));
		assertThat(last.body()).contains("OperationOutcome");

		actAs("admin", fixture);
		assertThat(send("GET", "/Practitioner?_count=1", null).statusCode()).isEqualTo(200);
	}
}
