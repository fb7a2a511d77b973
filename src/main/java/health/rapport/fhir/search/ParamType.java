package health.rapport.fhir.search;

/** The search parameter types Rapport indexes, each stored in its own typed table. */
public enum ParamType {
	TOKEN, STRING, REFERENCE, DATE, NUMBER, QUANTITY, URI, SPECIAL;

	static ParamType of(String fhirCode) {
		return switch (fhirCode) {
			case "token" -> TOKEN;
			case "string" -> STRING;
			case "reference" -> REFERENCE;
			case "date" -> DATE;
			case "number" -> NUMBER;
			case "quantity" -> QUANTITY;
			case "uri" -> URI;
			case "special" -> SPECIAL;
			default -> null;
		};
	}
}
