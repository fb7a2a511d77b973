package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import health.rapport.fhir.search.SearchSpec;
import java.util.Date;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * Read, vread, instance and type history, and generic search of one stored type. On its own it
 * serves the conformance resources, which the server publishes from its FHIR package and clients
 * do not write.
 */
public class ReadOnlyResourceProvider implements IResourceProvider {

	private final Class<? extends IBaseResource> resourceClass;
	protected final String type;
	protected final ResourceService resources;
	private final Searches searches;

	ReadOnlyResourceProvider(Class<? extends IBaseResource> resourceClass, ResourceService resources, Searches searches,
			FhirContext fhirContext) {
		this.resourceClass = resourceClass;
		this.type = fhirContext.getResourceType(resourceClass);
		this.resources = resources;
		this.searches = searches;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return resourceClass;
	}

	@Read(version = true)
	public IBaseResource read(@IdParam IdType id) {
		return id.hasVersionIdPart() ? resources.vread(type, id.getIdPart(), id.getVersionIdPart())
				: resources.read(type, id.getIdPart());
	}

	@History
	public IBundleProvider instanceHistory(@IdParam IdType id, @Since Date since, RequestDetails request) {
		return searches.history(type, id.getIdPart(), since, request);
	}

	@History
	public IBundleProvider typeHistory(@Since Date since, RequestDetails request) {
		return searches.history(type, null, since, request);
	}

	@Search(allowUnknownParams = true)
	public IBundleProvider search(RequestDetails request) {
		refuseUnreadableBody(request);
		SearchSpec spec = searches.parse(type, request);
		return searches.run(spec, request);
	}

	/**
	 * {@code POST [type]/_search} carries its parameters as a form; another body (JSON, say) would
	 * be ignored, and the search would quietly answer every resource.
	 */
	private static void refuseUnreadableBody(RequestDetails request) {
		String contentType = request.getHeader(Constants.HEADER_CONTENT_TYPE);
		if (request.getRequestType() == RequestTypeEnum.POST && contentType != null
				&& !contentType.toLowerCase(Locale.ROOT).startsWith(Constants.CT_X_FORM_URLENCODED)) {
			throw new UnclassifiedServerFailureException(415, "POST _search takes its parameters as "
					+ Constants.CT_X_FORM_URLENCODED + ", not " + contentType);
		}
	}
}
