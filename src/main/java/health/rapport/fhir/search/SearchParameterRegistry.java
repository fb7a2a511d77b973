package health.rapport.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.fhirpath.IFhirPath;
import health.rapport.fhir.conformance.ConformancePackage;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.SearchParameter;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Every search parameter Rapport knows, per resource type: the core ones HAPI ships (with their
 * FHIRPath expressions) and the custom SearchParameter resources in {@code fhir-profiles/}.
 * Adding a search parameter is adding a SearchParameter resource there, not code.
 */
@Component
public class SearchParameterRegistry {

	/** Parameters the query builder answers from the resource table itself. */
	static final Set<String> RESOURCE_COLUMNS = Set.of("_id", "_lastUpdated");

	private final FhirContext fhirContext;
	private final IFhirPath fhirPath;
	private final List<SearchParameter> customParameters;
	private final Map<String, Map<String, SearchParam>> byType = new ConcurrentHashMap<>();

	public SearchParameterRegistry(FhirContext fhirContext, @Lazy IFhirPath fhirPath, ConformancePackage fhirPackage) {
		this.fhirContext = fhirContext;
		this.fhirPath = fhirPath;
		this.customParameters = fhirPackage.resources().stream().filter(SearchParameter.class::isInstance)
				.map(SearchParameter.class::cast).toList();
	}

	/** The parameters of a type, by code, sorted; never null. */
	public Map<String, SearchParam> forType(String resourceType) {
		return byType.computeIfAbsent(resourceType, this::build);
	}

	public Optional<SearchParam> find(String resourceType, String code) {
		return Optional.ofNullable(forType(resourceType).get(code));
	}

	/** The custom SearchParameter resources, as published in the CapabilityStatement. */
	public List<SearchParameter> customParameters() {
		return customParameters;
	}

	private Map<String, SearchParam> build(String resourceType) {
		Map<String, SearchParam> params = new TreeMap<>();
		Collection<RuntimeSearchParam> core = fhirContext.getResourceDefinition(resourceType).getSearchParams();
		for (RuntimeSearchParam sp : core) {
			String expression = String.join(" | ", sp.getPathsSplitForResourceType(resourceType));
			ParamType type = ParamType.of(sp.getParamType().getCode());
			if (type == null || (expression.isBlank() && !RESOURCE_COLUMNS.contains(sp.getName()))) {
				continue;
			}
			params.put(sp.getName(), param(resourceType, sp.getName(), type, expression, sp.getTargets(),
					sp.getUri(), sp.getDescription()));
		}
		for (SearchParameter sp : customParameters) {
			if (sp.getBase().stream().anyMatch(b -> b.getCode().equals(resourceType))) {
				params.put(sp.getCode(), custom(resourceType, sp));
			}
		}
		checkDistinctIds(params);
		return params;
	}

	/** Parameters share the search tables by their hashed id, so two of one type must not collide. */
	private static void checkDistinctIds(Map<String, SearchParam> params) {
		Set<Integer> ids = new HashSet<>();
		for (SearchParam p : params.values()) {
			if (!ids.add(p.id())) {
				throw new IllegalStateException("Search parameter id collision at " + p.key() + "; rename the parameter");
			}
		}
	}

	private SearchParam custom(String resourceType, SearchParameter sp) {
		Set<String> targets = new HashSet<>();
		sp.getTarget().forEach(t -> targets.add(t.getCode()));
		return param(resourceType, sp.getCode(), ParamType.of(sp.getType().toCode()),
				sp.getExpression(), targets, sp.getUrl(), sp.getDescription());
	}

	private SearchParam param(String resourceType, String code, ParamType type,
			String expression, Set<String> targets, String url, String description) {
		IFhirPath.IParsedExpression parsed = expression.isBlank() ? null : parse(expression);
		return new SearchParam(resourceType, code, type, expression, parsed, Set.copyOf(targets), url, description);
	}

	private IFhirPath.IParsedExpression parse(String expression) {
		try {
			return fhirPath.parse(expression);
		} catch (Exception e) {
			throw new IllegalStateException("Invalid FHIRPath in search parameter: " + expression, e);
		}
	}
}
