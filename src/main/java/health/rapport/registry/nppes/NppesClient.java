package health.rapport.registry.nppes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks an NPI up in an NPPES-style register. Each lookup has a timeout; transient failures
 * (connection, timeout, 5xx, 429 — waiting as long as Retry-After asks) are retried with an
 * exponential backoff; a malformed answer is not retried. A circuit breaker opens after half of
 * the last ten lookups failed and then refuses lookups at once for 30 s, so a register that is
 * down costs nothing while it is down.
 */
public class NppesClient {

	/** The register could not answer (after retries, or with the circuit open); the detail says why. */
	public static class Unavailable extends RuntimeException {
		public Unavailable(String detail, Throwable cause) {
			super(detail, cause);
		}
	}

	/** A failure worth another try. */
	static class Transient extends RuntimeException {
		final Duration retryAfter;

		Transient(String detail, Duration retryAfter) {
			super(detail);
			this.retryAfter = retryAfter;
		}
	}

	private static final ObjectMapper JSON = new ObjectMapper();

	private final NppesProperties settings;
	private final HttpClient http;
	private final Retry retry;
	private final CircuitBreaker breaker;

	public NppesClient(NppesProperties settings) {
		this.settings = settings;
		this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
		IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(settings.backoff(), 2);
		this.retry = Retry.of("nppes", RetryConfig.custom().maxAttempts(settings.attempts())
				.retryOnException(e -> e instanceof Transient)
				.intervalBiFunction((attempt, outcome) -> outcome.isLeft() && outcome.getLeft() instanceof Transient t
						&& t.retryAfter != null ? t.retryAfter.toMillis() : backoff.apply(attempt))
				.build());
		this.breaker = CircuitBreaker.of("nppes", CircuitBreakerConfig.custom().slidingWindowSize(10).minimumNumberOfCalls(5)
				.failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(30))
				.recordException(e -> e instanceof Transient).build());
	}

	/** The register's record of the NPI; empty when it has none. */
	public Optional<NppesRecord> lookUp(String npi) {
		try {
			return breaker.executeSupplier(Retry.decorateSupplier(retry, () -> once(npi)));
		} catch (io.github.resilience4j.circuitbreaker.CallNotPermittedException e) {
			throw new Unavailable("the circuit is open after repeated failures", e);
		} catch (Transient e) {
			throw new Unavailable(e.getMessage() + " (after " + settings.attempts() + " attempts)", e);
		}
	}

	public CircuitBreaker.State circuit() {
		return breaker.getState();
	}

	private Optional<NppesRecord> once(String npi) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "?version=2.1&number=" + npi))
				.timeout(settings.timeout()).header("Accept", "application/json").GET().build();
		HttpResponse<String> response;
		try {
			response = http.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			throw new Transient(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new Unavailable("interrupted", e);
		}
		int status = response.statusCode();
		if (status == 429) {
			throw new Transient("rate limited (429)", response.headers().firstValue("Retry-After").flatMap(NppesClient::seconds)
					.orElse(null));
		}
		if (status >= 500) {
			throw new Transient("the register answered " + status, null);
		}
		if (status != 200) {
			throw new Unavailable("the register answered " + status, null);
		}
		return parse(npi, response.body());
	}

	static Optional<NppesRecord> parse(String npi, String body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		} catch (JsonProcessingException e) {
			throw new Unavailable("the register's answer is not JSON", e);
		}
		if (root == null || !root.path("results").isArray()) {
			throw new Unavailable("the register's answer has no results array", null);
		}
		for (JsonNode result : root.path("results")) {
			if (!npi.equals(result.path("number").asText())) {
				continue;
			}
			List<NppesRecord.Licence> licences = new ArrayList<>();
			for (JsonNode t : result.path("taxonomies")) {
				licences.add(new NppesRecord.Licence(t.path("code").asText(null), t.path("license").asText(null),
						t.path("state").asText(null), t.path("primary").asBoolean(false)));
			}
			return Optional.of(new NppesRecord(npi, "A".equals(result.path("basic").path("status").asText()), licences));
		}
		return Optional.empty();
	}

	private static Optional<Duration> seconds(String retryAfter) {
		try {
			return Optional.of(Duration.ofSeconds(Math.min(30, Long.parseLong(retryAfter.strip()))));
		} catch (NumberFormatException e) {
			return Optional.empty();
		}
	}
}
