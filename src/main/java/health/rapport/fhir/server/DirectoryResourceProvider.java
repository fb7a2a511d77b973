package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.rapport.fhir.search.SearchSpec;
import health.rapport.fhir.server.ResourceService.Written;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * One provider class serves every stored resource type: read, vread, create (conditional),
 * update (also as create), delete, instance and type history, and generic search.
 */
public class DirectoryResourceProvider implements IResourceProvider {

	private final Class<? extends IBaseResource> resourceClass;
	private final String type;
	private final ResourceService resources;
	private final Searches searches;
	private final FhirContext fhirContext;

	DirectoryResourceProvider(Class<? extends IBaseResource> resourceClass, ResourceService resources, Searches searches,
			FhirContext fhirContext) {
		this.resourceClass = resourceClass;
		this.type = fhirContext.getResourceType(resourceClass);
		this.resources = resources;
		this.searches = searches;
		this.fhirContext = fhirContext;
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

	@Create
	public MethodOutcome create(@ResourceParam IBaseResource resource, @ConditionalUrlParam String ifNoneExist) {
		Written written = ifNoneExist == null ? resources.create(resource)
				: resources.createIfNoneExist(resource, ifNoneExist);
		return outcome(written);
	}

	@Update
	public MethodOutcome update(@IdParam IdType id, @ResourceParam IBaseResource resource) {
		return outcome(resources.update(type, id.getIdPart(), resource, id.getVersionIdPart()));
	}

	@Delete
	public MethodOutcome delete(@IdParam IdType id, RequestDetails request) {
		String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
		IdType deleted = resources.delete(type, id.getIdPart(), ifMatch == null ? null : ParameterUtil.parseETagValue(ifMatch));
		return new MethodOutcome(deleted, information("Deleted " + deleted.getValue()));
	}

	@History
	public IBundleProvider instanceHistory(@IdParam IdType id, @Since Date since) {
		return searches.history(type, id.getIdPart(), since);
	}

	@History
	public IBundleProvider typeHistory(@Since Date since) {
		return searches.history(type, null, since);
	}

	@Search(allowUnknownParams = true)
	public IBundleProvider search(RequestDetails request) {
		SearchSpec spec = searches.parse(type, request);
		return searches.run(spec);
	}

	private MethodOutcome outcome(Written written) {
		MethodOutcome outcome = new MethodOutcome(written.id(), written.created());
		outcome.setResource(written.resource());
		outcome.setOperationOutcome(information((written.created() ? "Created " : "Updated ") + written.id().getValue()));
		return outcome;
	}

	private static OperationOutcome information(String message) {
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(message);
		return oo;
	}
}
