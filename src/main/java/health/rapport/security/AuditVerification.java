package health.rapport.security;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/audit/verify}: an admin client checks that the audit trail's hash chain is whole. */
@RestController
class AuditVerification {

	private final AuditTrail trail;
	private final Callers callers;

	AuditVerification(AuditTrail trail, Callers callers) {
		this.trail = trail;
		this.callers = callers;
	}

	@GetMapping("/admin/audit/verify")
	ResponseEntity<Map<String, Object>> verify() {
		Caller caller = callers.current();
		if (!caller.is(ClientKind.ADMIN)) {
			return ResponseEntity.status(caller.anonymous() ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN)
					.header("WWW-Authenticate", "Bearer realm=\"rapport\"").body(Map.of("error", "admin client required"));
		}
		AuditTrail.Verification result = trail.verify();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("valid", result.valid());
		body.put("events", result.events());
		if (!result.valid()) {
			body.put("firstBroken", result.firstBroken());
			body.put("problem", result.problem());
		}
		return ResponseEntity.status(result.valid() ? HttpStatus.OK : HttpStatus.CONFLICT).body(body);
	}
}
