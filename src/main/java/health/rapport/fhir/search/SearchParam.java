package health.rapport.fhir.search;

import ca.uhn.fhir.fhirpath.IFhirPath.IParsedExpression;
import java.util.Set;

/**
 * One search parameter of one resource type: where its values come from (a parsed FHIRPath
 * expression) and how they are compared.
 *
 * @param code the parameter's name in URLs
 * @param chain for a parameter whose expression follows a reference ({@code X.ref.resolve().path}),
 *     the equivalent chained parameter ({@code ref.param}) it is answered as; otherwise null
 */
public record SearchParam(
		String resourceType,
		String code,
		ParamType type,
		String expression,
		IParsedExpression parsed,
		Set<String> targets,
		String url,
		String description,
		String chain) {

	public String key() {
		return resourceType + ":" + code;
	}

	/** The value of the search tables' {@code param} column: a stable hash of the key. */
	public int id() {
		return key().hashCode();
	}
}
