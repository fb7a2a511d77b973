package health.rapport.security;

/** Small OperationOutcome bodies for errors answered outside HAPI (the servlet filters). */
final class OperationOutcomes {

	private OperationOutcomes() {}

	/** An OperationOutcome with one error issue; {@code code} is a FHIR issue type, {@code message} plain text. */
	static String json(String code, String message) {
		return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"" + code
				+ "\",\"diagnostics\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}]}";
	}
}
