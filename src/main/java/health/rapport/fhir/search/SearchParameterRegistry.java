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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

	/** {@code Type.reference.resolve().path}: a parameter of the referenced resource. */
	private static final Pattern THROUGH_REFERENCE = Pattern.compile("(\\w+)\\.(\\w+)\\.resolve\\(\\)\\.([\\w.]+)");

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
		Map<String, SearchParam> params = byType.get(resourceType);
		if (params == null) {
			// Not computeIfAbsent: building one type may build another (a chained parameter's target).
			params = build(resourceType);
			byType.putIfAbsent(resourceType, params);
		}
		return params;
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
				params.put(sp.getCode(), custom(resourceType, sp, params));
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

	private SearchParam custom(String resourceType, SearchParameter sp, Map<String, SearchParam> params) {
		Set<String> targets = new HashSet<>();
		sp.getTarget().forEach(t -> targets.add(t.getCode()));
		ParamType type = ParamType.of(sp.getType().toCode());
		Matcher resolve = THROUGH_REFERENCE.matcher(sp.getExpression());
		if (resolve.matches() && resolve.group(1).equals(resourceType)) {
			String chain = chain(resourceType, resolve.group(2), resolve.group(3), params);
			return new SearchParam(resourceType, sp.getCode(), type, sp.getExpression(), null, Set.copyOf(targets),
					sp.getUrl(), sp.getDescription(), chain);
		}
		return param(resourceType, sp.getCode(), type, sp.getExpression(), targets, sp.getUrl(), sp.getDescription());
	}

	/**
	 * A parameter that reads through a reference is indexed nowhere: it is the chain from the
	 * reference parameter to the target's parameter, so it never goes stale when the target changes.
	 */
	private String chain(String type, String referencePath, String targetPath, Map<String, SearchParam> params) {
		SearchParam reference = params.values().stream()
				.filter(p -> p.type() == ParamType.REFERENCE && p.expression().equals(type + "." + referencePath))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No reference parameter for " + type + "." + referencePath));
		for (String target : reference.targets()) {
			for (SearchParam p : forType(target).values()) {
				if (p.expression().equals(target + "." + targetPath)) {
					return reference.code() + ":" + target + "." + p.code();
				}
			}
		}
		throw new IllegalStateException("No search parameter on the targets of " + reference.key() + " for " + targetPath);
	}

	private SearchParam param(String resourceType, String code, ParamType type,
			String expression, Set<String> targets, String url, String description) {
		IFhirPath.IParsedExpression parsed = expression.isBlank() ? null : parse(expression);
		return new SearchParam(resourceType, code, type, expression, parsed, Set.copyOf(targets), url, description, null);
	}

	private IFhirPath.IParsedExpression parse(String expression) {
		try {
			return fhirPath.parse(expression);
		} catch (Exception e) {
			throw new IllegalStateException("Invalid FHIRPath in search parameter: " + expression, e);
		}
	}
}
