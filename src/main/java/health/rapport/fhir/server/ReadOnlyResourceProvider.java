package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.NotModifiedException;
import ca.uhn.fhir.util.DateUtils;
import health.rapport.fhir.search.SearchSpec;
import java.util.Arrays;
import java.util.Date;
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
	public IBaseResource read(@IdParam IdType id, RequestDetails request) {
		IBaseResource resource = id.hasVersionIdPart() ? resources.vread(type, id.getIdPart(), id.getVersionIdPart())
				: resources.read(type, id.getIdPart());
		refuseIfNoneMatch(resource, request.getHeader(Constants.HEADER_IF_NONE_MATCH));
		return resource;
	}

	/**
	 * A 304 when {@code If-None-Match} names the version read, or is {@code *} (which HAPI, which
	 * otherwise answers it, does not know), with the ETag and Last-Modified a 200 would carry (RFC 9110).
	 */
	private static void refuseIfNoneMatch(IBaseResource resource, String ifNoneMatch) {
		if (ifNoneMatch == null) {
			return;
		}
		String version = resource.getIdElement().getVersionIdPart();
		boolean matches = ifNoneMatch.trim().equals("*")
				|| Arrays.stream(ifNoneMatch.split(",")).map(ParameterUtil::parseETagValue).anyMatch(version::equals);
		if (matches) {
			NotModifiedException notModified = new NotModifiedException("Not Modified");
			notModified.addResponseHeader(Constants.HEADER_ETAG, RestfulServerUtils.createEtag(version));
			Date lastUpdated = resource.getMeta().getLastUpdated();
			if (lastUpdated != null) {
				notModified.addResponseHeader(Constants.HEADER_LAST_MODIFIED, DateUtils.formatDate(lastUpdated));
			}
			throw notModified;
		}
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
		SearchSpec spec = searches.parse(type, request);
		return searches.run(spec, request);
	}
}
