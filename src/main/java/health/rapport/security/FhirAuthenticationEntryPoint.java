package health.rapport.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 for a missing or invalid token: the {@code WWW-Authenticate: Bearer} header Spring writes
 * (with {@code error="invalid_token"}), and a FHIR OperationOutcome as the body.
 */
class FhirAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
	private final AuditRecorder audit;

	FhirAuthenticationEntryPoint(AuditRecorder audit) {
		this.audit = audit;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		bearer.setRealmName("rapport");
		bearer.commence(request, response, failure);
		audit.record(Caller.ANONYMOUS, "operation", null, null, 401,
				"access token refused: " + failure.getClass().getSimpleName(), null);
		response.setContentType("application/fhir+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(OperationOutcomes.json("security", "The access token is missing, invalid or expired"));
	}
}
