package health.rapport.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per client address for requests without a valid token: {@code perMinute} tokens
 * a minute, at most {@code burst} at once; an empty bucket is 429 with {@code Retry-After}.
 * Clients with a token and the health probes are not limited here.
 */
class AnonymousRateLimit extends OncePerRequestFilter {

	private static final int MAX_ADDRESSES = 100_000;

	private final double perNano;
	private final int burst;
	private final LongSupplier nanoTime;
	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	AnonymousRateLimit(int perMinute, int burst, LongSupplier nanoTime) {
		this.perNano = perMinute / 60e9;
		this.burst = burst;
		this.nanoTime = nanoTime;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken
				|| request.getRequestURI().startsWith("/actuator/health")) {
			chain.doFilter(request, response);
			return;
		}
		if (buckets.size() > MAX_ADDRESSES) {
			buckets.clear(); // a flood of addresses: start afresh rather than grow without bound
		}
		long wait = buckets.computeIfAbsent(request.getRemoteAddr(), a -> new Bucket(burst, nanoTime.getAsLong()))
				.take(nanoTime.getAsLong());
		if (wait > 0) {
			response.setStatus(429);
			response.setHeader("Retry-After", Long.toString(Math.max(1, (wait + 999_999_999) / 1_000_000_000)));
			response.setContentType("application/fhir+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write(OperationOutcomes.json("throttled",
					"Too many requests without a token from this address; retry later, or use a token"));
			return;
		}
		chain.doFilter(request, response);
	}

	private final class Bucket {

		private double tokens;
		private long last;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.last = now;
		}

		/** Takes a token; 0 when there was one, else the nanoseconds until there will be. */
		synchronized long take(long now) {
			tokens = Math.min(burst, tokens + (now - last) * perNano);
			last = now;
			if (tokens >= 1) {
				tokens -= 1;
				return 0;
			}
			return (long) Math.ceil((1 - tokens) / perNano);
		}
	}
}
