package health.rapport.registry;

import java.util.Arrays;
import java.util.Optional;

/** Rapport's registration-status codes (fhir-profiles/CodeSystem-registration-status.json). */
public enum RegistrationStatus {
	REGISTERED("registered"),
	REGISTERED_WITH_CONDITIONS("registered-with-conditions"),
	SUSPENDED("suspended"),
	REVOKED("revoked"),
	LAPSED("lapsed"),
	PENDING("pending"),
	NOT_REGULATED("not-regulated");

	private final String code;

	RegistrationStatus(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}

	public static Optional<RegistrationStatus> of(String code) {
		return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
	}
}
