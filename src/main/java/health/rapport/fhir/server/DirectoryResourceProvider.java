package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.ValidationModeEnum;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import health.rapport.fhir.server.ResourceService.Written;
import health.rapport.fhir.validation.ResourceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The writable types: create (conditional), update (also as create), delete and {@code $validate},
 * on top of the reads and searches of {@link ReadOnlyResourceProvider}.
 */
public class DirectoryResourceProvider extends ReadOnlyResourceProvider {

	private final ResourceValidator validator;
	private final ConditionalCreates conditions;

	DirectoryResourceProvider(Class<? extends IBaseResource> resourceClass, ResourceService resources, Searches searches,
			ResourceValidator validator, FhirContext fhirContext, ConditionalCreates conditions) {
		super(resourceClass, resources, searches, fhirContext);
		this.validator = validator;
		this.conditions = conditions;
	}

	@Create
	public MethodOutcome create(@ResourceParam IBaseResource resource, @ConditionalUrlParam String ifNoneExist) {
		String condition = conditions.condition(type, resource, ifNoneExist);
		Written written = condition == null ? resources.create(resource) : resources.createIfNoneExist(resource, condition);
		return outcome(written);
	}

	@Update
	public MethodOutcome update(@IdParam IdType id, @ResourceParam IBaseResource resource, RequestDetails request) {
		if (id == null || !id.hasIdPart()) {
			throw new MethodNotAllowedException("Conditional update is not supported: update a " + type + " by its id",
					RequestTypeEnum.GET, RequestTypeEnum.POST);
		}
		// HAPI puts If-Match's value into the id's version, where * would be taken for a version named "*".
		String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
		String expected = ifMatch != null ? ResourceService.expectedVersion(ifMatch) : id.getVersionIdPart();
		if (ResourceService.ANY_VERSION.equals(expected)) {
			// ... and into the resource's id, whence its meta.versionId: "*", which the validator refuses.
			resource.setId(resource.getIdElement().toVersionless());
		}
		return outcome(resources.update(type, id.getIdPart(), resource, expected));
	}

	@Delete
	public MethodOutcome delete(@IdParam IdType id, RequestDetails request) {
		if (id == null || !id.hasIdPart()) {
			// DELETE [type]?criteria arrives here without an id.
			throw new MethodNotAllowedException("Conditional delete is not supported: delete a " + type + " by its id",
					RequestTypeEnum.GET, RequestTypeEnum.POST);
		}
		IdType deleted = resources.delete(type, id.getIdPart(),
				ResourceService.expectedVersion(request.getHeader(Constants.HEADER_IF_MATCH)));
		return new MethodOutcome(deleted, information("Deleted " + deleted.getValue()));
	}

	/**
	 * {@code $validate}: 200 with every issue whether or not the resource is valid (FHIR's rule);
	 * {@code profile} overrides the profile the resource would be checked against on a write.
	 */
	@Validate
	public MethodOutcome validate(@ResourceParam IBaseResource resource, @Validate.Mode ValidationModeEnum mode,
			@Validate.Profile String profile) {
		// HAPI hands over a uri parameter of a Parameters body as the datatype's toString, "UriType[url]".
		String url = profile == null ? null : profile.replaceFirst("^\\w+Type\\[(.*)]$", "$1");
		OperationOutcome outcome = mode == ValidationModeEnum.DELETE ? new OperationOutcome()
				: validator.validate(resource, url);
		if (outcome.getIssue().isEmpty()) {
			outcome.addIssue(information("No issues: the resource is valid").getIssueFirstRep());
		}
		MethodOutcome result = new MethodOutcome();
		result.setOperationOutcome(outcome);
		return result;
	}

	private MethodOutcome outcome(Written written) {
		MethodOutcome outcome = new MethodOutcome(written.id(), written.created());
		outcome.setResource(written.resource());
		outcome.setOperationOutcome(information(written.created() ? "Created " + written.id().getValue()
				: written.changed() ? "Updated " + written.id().getValue()
				: "Unchanged: " + written.id().getValue() + " already holds this content, so no version was added"));
		return outcome;
	}

	private static OperationOutcome information(String message) {
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(message);
		return oo;
	}
}
