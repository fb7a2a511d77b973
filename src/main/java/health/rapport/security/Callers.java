package health.rapport.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request, from the validated token: its subject is looked up among the
 * registered clients, so an external issuer's tokens work the same way as the embedded server's.
 */
@Component
public class Callers {

	private final ApiClients clients;

	Callers(ApiClients clients) {
		this.clients = clients;
	}

	public Caller current() {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (!(auth instanceof JwtAuthenticationToken token)) {
			return Caller.ANONYMOUS;
		}
		Jwt jwt = token.getToken();
		Set<String> scopes = scopes(jwt.getClaim("scope"));
		return clients.find(jwt.getSubject())
				.map(c -> new Caller(c.clientId(), c.kind(), c.actsFor(), scopes))
				.orElseGet(() -> new Caller(jwt.getSubject(), null, List.of(), scopes));
	}

	private static Set<String> scopes(Object claim) {
		Set<String> scopes = new LinkedHashSet<>();
		if (claim instanceof String s) {
			scopes.addAll(List.of(s.trim().split("\\s+")));
		} else if (claim instanceof Collection<?> c) {
			c.forEach(v -> scopes.add(String.valueOf(v)));
		}
		return scopes;
	}
}
