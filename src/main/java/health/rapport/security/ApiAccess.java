package health.rapport.security;

import org.springframework.stereotype.Component;

/**
 * Who may call the JSON APIs beside FHIR: a regulator for the jurisdictions it acts for (or an
 * admin), with a token granting the VerificationResult letters the call needs; admin-only
 * operations. A refusal is audited like the FHIR server's, and raised as {@link Denied} (401
 * without a token, 403 with the wrong one) for the API's own error handling to answer.
 */
@Component
public class ApiAccess {

	/** The call is refused: {@code status} is 401 or 403. */
	public static class Denied extends RuntimeException {
		private final int status;

		Denied(int status, String message) {
			super(message);
			this.status = status;
		}

		public int status() {
			return status;
		}
	}

	private final Callers callers;
	private final AuditRecorder audit;

	ApiAccess(Callers callers, AuditRecorder audit) {
		this.callers = callers;
		this.audit = audit;
	}

	/**
	 * The caller may act on the register of {@code jurisdiction}: read ({@code 'r'}) or write
	 * ({@code 'u'}); a regulator only for its own jurisdictions.
	 */
	public void requireRegister(String jurisdiction, char letter) {
		Caller caller = callers.current();
		boolean kind = caller.is(ClientKind.ADMIN) || caller.is(ClientKind.REGULATOR) && caller.actsFor().contains(jurisdiction);
		boolean scope = SmartScopes.grants(caller.scopes(), "VerificationResult", letter);
		if (!kind || !scope) {
			refuse(caller, letter == 'r' ? "read" : "update", "register " + jurisdiction, !kind
					? "a regulator of " + jurisdiction + " (or an admin) is required"
					: "the token grants no system/VerificationResult." + letter);
		}
	}

	/** Only an admin client. */
	public void requireAdmin(String what) {
		Caller caller = callers.current();
		if (!caller.is(ClientKind.ADMIN)) {
			refuse(caller, "update", what, "an admin client is required");
		}
	}

	private void refuse(Caller caller, String interaction, String what, String reason) {
		int status = caller.anonymous() ? 401 : 403;
		audit.record(caller, interaction, null, null, status, what + ": " + reason, null);
		throw new Denied(status, caller.anonymous() ? "A bearer token is required: " + reason : reason);
	}
}
