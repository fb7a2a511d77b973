package health.rapport.security;

import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /admin/clients/{clientId}}: an admin client registers (or re-registers) an API
 * client, its kind, what it acts for, its scopes and its public JWK Set (or, for a demo, a secret).
 */
@RestController
class ClientRegistration {

	/** The body: {@code jwks} is the JWK Set as JSON, {@code secret} a plain secret (stored hashed). */
	record Request(String kind, List<String> actsFor, Set<String> scopes, Map<String, Object> jwks, String secret) {}

	private final ApiClients clients;
	private final Callers callers;
	private final AuditRecorder audit;
	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	ClientRegistration(ApiClients clients, Callers callers, AuditRecorder audit) {
		this.audit = audit;
		this.clients = clients;
		this.callers = callers;
	}

	@PutMapping("/admin/clients/{clientId}")
	ResponseEntity<Map<String, Object>> register(@PathVariable String clientId, @RequestBody Request request) {
		Caller caller = callers.current();
		if (!caller.is(ClientKind.ADMIN)) {
			audit.record(caller, "update", AuditRecorder.CLIENT, clientId, caller.anonymous() ? 401 : 403, "client registration refused", null);
			return ResponseEntity.status(caller.anonymous() ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN)
					.header("WWW-Authenticate", "Bearer realm=\"rapport\"").body(Map.of("error", "admin client required"));
		}
		if (!clientId.matches("[A-Za-z0-9._-]{1,100}") || request.kind() == null || request.scopes() == null
				|| (request.jwks() == null && request.secret() == null)) {
			return ResponseEntity.badRequest().body(Map.of("error", "clientId, kind, scopes and jwks or secret are required"));
		}
		String jwks;
		ClientKind kind;
		try {
			jwks = request.jwks() == null ? null : JWKSet.parse(request.jwks()).toString(true); // public keys only
			kind = ClientKind.of(request.kind());
		} catch (ParseException | IllegalArgumentException e) {
			return ResponseEntity.badRequest().body(Map.of("error", "kind or jwks not understood"));
		}
		clients.save(new ApiClient(clientId, kind,
				request.actsFor() == null ? List.of() : request.actsFor(), request.scopes(), jwks,
				request.secret() == null ? null : encoder.encode(request.secret())));
		audit.record(caller, "update", AuditRecorder.CLIENT, clientId, 200, "client registered", null);
		return ResponseEntity.ok(Map.of("clientId", clientId, "kind", request.kind()));
	}
}
