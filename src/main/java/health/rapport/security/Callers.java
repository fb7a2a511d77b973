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
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The caller of the current request, from the validated token: its subject is looked up among the
 * registered clients, so an external issuer's tokens work the same way as the embedded server's.
 */
@Component
public class Callers {

	private static final String ATTRIBUTE = Callers.class.getName();

	private final ApiClients clients;

	Callers(ApiClients clients) {
		this.clients = clients;
	}

	/** The caller, looked up once per request. */
	public Caller current() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return lookup();
		}
		if (attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof Caller caller) {
			return caller;
		}
		Caller caller = lookup();
		attributes.setAttribute(ATTRIBUTE, caller, RequestAttributes.SCOPE_REQUEST);
		return caller;
	}

	private Caller lookup() {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (!(auth instanceof JwtAuthenticationToken token)) {
			return Caller.ANONYMOUS;
		}
		Jwt jwt = token.getToken();
		Set<String> scopes = scopes(jwt.getClaim("scope"));
		String statement = BreakGlass.header();
		return clients.find(jwt.getSubject())
				.map(c -> new Caller(c.clientId(), c.kind(), c.actsFor(), scopes,
						c.kind() == ClientKind.ADMIN && statement != null ? BreakGlass.parse(statement) : null))
				.orElseGet(() -> new Caller(jwt.getSubject(), null, List.of(), scopes, null));
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
