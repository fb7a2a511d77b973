package health.rapport.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import health.rapport.fhir.conformance.ConformancePackage;
import health.rapport.fhir.search.ParamType;
import health.rapport.fhir.search.SearchParam;
import health.rapport.fhir.search.SearchParameterRegistry;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ConditionalDeleteStatus;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Completes the CapabilityStatement HAPI generates from the providers with what generic search
 * supports: every search parameter (core and custom, with its definition), every include and
 * revinclude, the versioning behaviour of the store, and the profiles of the FHIR package.
 */
class CapabilityStatementCustomizer {

	private final SearchParameterRegistry registry;
	private final Set<String> servedTypes;
	private final List<StructureDefinition> profiles;

	CapabilityStatementCustomizer(SearchParameterRegistry registry, Set<String> servedTypes,
			ConformancePackage fhirPackage) {
		this.registry = registry;
		this.servedTypes = servedTypes;
		this.profiles = fhirPackage.resources().stream().filter(StructureDefinition.class::isInstance)
				.map(StructureDefinition.class::cast)
				.filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE).toList();
	}

	static final String MATCH_DEFINITION = "https://rapport.health/fhir/OperationDefinition/match";

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void customize(IBaseConformance conformance) {
		CapabilityStatement cs = (CapabilityStatement) conformance;
		cs.setName("Rapport").setTitle("Rapport therapist directory and referral server").setPublisher("Rapport");
		cs.getSoftware().setName("Rapport");
		for (CapabilityStatementRestResourceComponent resource : cs.getRestFirstRep().getResource()) {
			if (servedTypes.contains(resource.getType())) {
				describe(resource);
			}
			// ServiceRequest/$match is defined by the package's OperationDefinition, not HAPI's generated one.
			resource.getOperation().stream().filter(o -> o.getName().equals("match"))
					.forEach(o -> o.setDefinition(MATCH_DEFINITION));
		}
	}

	private void describe(CapabilityStatementRestResourceComponent resource) {
		String type = resource.getType();
		resource.setVersioning(ResourceVersionPolicy.VERSIONEDUPDATE).setReadHistory(true).setUpdateCreate(true)
				.setConditionalCreate(true).setConditionalDelete(ConditionalDeleteStatus.NOTSUPPORTED);
		resource.getSearchParam().clear();
		Set<String> includes = new TreeSet<>();
		for (SearchParam param : registry.forType(type).values()) {
			resource.addSearchParam().setName(param.code()).setDefinition(param.url())
					.setType(SearchParamType.fromCode(param.type().name().toLowerCase()))
					.setDocumentation(param.description());
			if (param.type() == ParamType.REFERENCE) {
				includes.add(type + ":" + param.code());
			}
		}
		resource.getSearchInclude().clear();
		includes.forEach(resource::addSearchInclude);
		resource.getSearchRevInclude().clear();
		revIncludes(type).forEach(resource::addSearchRevInclude);
		profiles.stream().filter(sd -> sd.getType().equals(type)).forEach(sd -> resource.addSupportedProfile(sd.getUrl()));
	}

	private Set<String> revIncludes(String target) {
		Set<String> revIncludes = new TreeSet<>();
		for (String source : servedTypes) {
			for (SearchParam param : registry.forType(source).values()) {
				if (param.type() == ParamType.REFERENCE && param.targets().contains(target)) {
					revIncludes.add(source + ":" + param.code());
				}
			}
		}
		return revIncludes;
	}
}
