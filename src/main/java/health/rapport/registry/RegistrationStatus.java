package health.rapport.registry;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Rapport's registration-status codes (fhir-profiles/CodeSystem-registration-status.json). */
public enum RegistrationStatus {
	REGISTERED("registered"),
	REGISTERED_WITH_CONDITIONS("registered-with-conditions"),
	SUSPENDED("suspended"),
	REVOKED("revoked"),
	LAPSED("lapsed"),
	PENDING("pending"),
	NOT_REGULATED("not-regulated");

	private static final Map<String, RegistrationStatus> BY_CODE = Arrays.stream(values())
			.collect(Collectors.toUnmodifiableMap(RegistrationStatus::code, Function.identity()));

	private final String code;

	RegistrationStatus(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}

	public static Optional<RegistrationStatus> of(String code) {
		return code == null ? Optional.empty() : Optional.ofNullable(BY_CODE.get(code));
	}
}
