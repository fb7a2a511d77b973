package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.ETagSupportEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import health.rapport.fhir.conformance.ConformancePackage;
import health.rapport.fhir.search.SearchParameterRegistry;
import health.rapport.fhir.validation.ResourceValidator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** HAPI's plain RESTful server at {@code /fhir}, with one generic provider per stored type. */
public class RapportFhirServer extends RestfulServer {

	private final transient List<Class<? extends IBaseResource>> types;
	private final transient ResourceService resources;
	private final transient Searches searches;
	private final transient BundleProcessor bundles;
	private final transient SearchParameterRegistry registry;
	private final FhirServerProperties properties;
	private final transient ConformancePackage fhirPackage;
	private final transient ResourceValidator validator;
	/** Plain providers of operations such as ServiceRequest/$match. */
	private final transient List<Object> operations;
	/** Interceptors of other features (security), registered before the server's own. */
	private final transient List<ServerInterceptor> interceptors;
	private final transient ConditionalCreates conditions;
	private final transient MessageProcessor messages;

	RapportFhirServer(FhirContext fhirContext, List<Class<? extends IBaseResource>> types, ResourceService resources,
			Searches searches, BundleProcessor bundles, SearchParameterRegistry registry, FhirServerProperties properties,
			ConformancePackage fhirPackage, ResourceValidator validator, List<Object> operations,
			List<ServerInterceptor> interceptors, ConditionalCreates conditions, MessageProcessor messages) {
		super(fhirContext);
		this.messages = messages;
		this.conditions = conditions;
		this.types = types;
		this.resources = resources;
		this.searches = searches;
		this.bundles = bundles;
		this.registry = registry;
		this.properties = properties;
		this.fhirPackage = fhirPackage;
		this.validator = validator;
		this.operations = operations;
		this.interceptors = interceptors;
	}

	@Override
	protected void initialize() {
		setDefaultResponseEncoding(EncodingEnum.JSON);
		setETagSupport(ETagSupportEnum.ENABLED);
		FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(properties.pagingCacheSize());
		paging.setDefaultPageSize(properties.defaultPageSize());
		paging.setMaximumPageSize(properties.maxPageSize());
		setPagingProvider(paging);
		Set<String> typeNames = new TreeSet<>();
		for (Class<? extends IBaseResource> type : types) {
			registerProvider(ConformancePackage.TYPES.contains(getFhirContext().getResourceType(type))
					? new ReadOnlyResourceProvider(type, resources, searches, getFhirContext())
					: new DirectoryResourceProvider(type, resources, searches, validator, getFhirContext(), conditions));
			typeNames.add(getFhirContext().getResourceType(type));
		}
		interceptors.forEach(this::registerInterceptor);
		registerProvider(new SystemProvider(bundles, messages));
		operations.forEach(this::registerProvider);
		registerInterceptor(new CapabilityStatementCustomizer(registry, typeNames, fhirPackage));
		registerInterceptor(new LocationDistanceInterceptor());
		registerInterceptor(new NarrativeSummaryInterceptor());
		registerInterceptor(new ResponseHighlighterInterceptor());
		registerInterceptor(new MediaTypeInterceptor());
		registerInterceptor(new EmptyPageInterceptor());
	}

	/** PATCH is a method the server does not support (405), not a malformed request (HAPI's 400). */
	@Override
	protected void throwUnknownFhirOperationException(RequestDetails request, String path, RequestTypeEnum method) {
		if (method == RequestTypeEnum.PATCH) {
			throw request.getId() != null && request.getId().hasIdPart()
					? new MethodNotAllowedException("PATCH is not supported: update a resource with PUT", RequestTypeEnum.GET,
							RequestTypeEnum.PUT, RequestTypeEnum.DELETE)
					: new MethodNotAllowedException("PATCH is not supported", RequestTypeEnum.GET, RequestTypeEnum.POST);
		}
		super.throwUnknownFhirOperationException(request, path, method);
	}
}
