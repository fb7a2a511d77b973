package health.rapport.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import health.rapport.fhir.conformance.ConformancePackage;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Validates resources against the profiles in their {@code meta.profile}, or against Rapport's
 * profile for their type when they name none, and reports the result as an OperationOutcome
 * whose issues carry FHIRPath locations.
 */
@Component
public class ResourceValidator {

	private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

	/** Built in the background ({@link ValidatorInBackground}): the first validation waits for it. */
	private final Supplier<FhirValidator> validator;
	private final FhirContext fhirContext;
	private final Map<String, String> profileByType = new HashMap<>();
	private final Set<String> knownProfiles = new HashSet<>();
	private final boolean enabled;
	/** Resources already found valid by {@link #prevalidate}, by identity, until their write checks them. */
	private final Set<IBaseResource> prevalidated = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	/** @param enabled false only to measure what validation costs (the benchmark's unvalidated run) */
	public ResourceValidator(Supplier<FhirValidator> validator, FhirContext fhirContext, ConformancePackage fhirPackage,
			@Value("${rapport.fhir.validation.enabled:true}") boolean enabled) {
		this.validator = validator;
		this.enabled = enabled;
		this.fhirContext = fhirContext;
		for (var resource : fhirPackage.resources()) {
			if (resource instanceof StructureDefinition sd) {
				knownProfiles.add(sd.getUrl());
				if (sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE) {
					profileByType.put(sd.getType(), sd.getUrl());
				}
			}
		}
	}

	/** Rapport's profile for a resource type, or null when the type has none. */
	public String profileFor(String type) {
		return profileByType.get(type);
	}

	/** Refuses a resource with errors: 422 with every error and its location. */
	public void check(IBaseResource resource) {
		if (!enabled || prevalidated.remove(resource)) {
			return;
		}
		OperationOutcome outcome = validate(resource, null);
		if (outcome.getIssue().stream().anyMatch(ResourceValidator::isError)) {
			outcome.getIssue().removeIf(issue -> !isError(issue));
			throw new UnprocessableEntityException(fhirContext, outcome);
		}
	}

	/**
	 * Validates a transaction's resources on every core before its writes run one by one. Only
	 * successes are remembered: a resource with errors is checked again by its write, so errors
	 * still surface in the transaction's order and with its other checks first.
	 */
	public void prevalidate(Collection<? extends IBaseResource> resources) {
		if (enabled && resources.size() > 1) {
			resources.parallelStream().filter(r -> validate(r, null).getIssue().stream().noneMatch(ResourceValidator::isError))
					.forEach(prevalidated::add);
		}
	}

	/**
	 * Every issue, errors first; {@code profile} (from {@code $validate}) replaces the profile the
	 * resource would otherwise be checked against.
	 */
	public OperationOutcome validate(IBaseResource resource, String profile) {
		ValidationOptions options = new ValidationOptions();
		String type = fhirContext.getResourceType(resource);
		OperationOutcome outcome = new OperationOutcome();
		List<String> unknown = resource.getMeta().getProfile().stream().map(p -> p.getValueAsString())
				.filter(url -> !isKnown(url)).toList();
		IBaseResource checked = unknown.isEmpty() ? resource : withoutProfiles(resource, unknown, outcome);
		if (profile != null) {
			options.addProfile(profile);
		} else if (resource.getMeta().getProfile().isEmpty() && profileFor(type) != null) {
			options.addProfile(profileFor(type));
		}
		List<SingleValidationMessage> messages = validator.get().validateWithResult(checked, options).getMessages();
		messages.stream()
				.sorted((a, b) -> Integer.compare(b.getSeverity().ordinal(), a.getSeverity().ordinal()))
				.forEach(m -> outcome.addIssue()
						.setSeverity(severity(m.getSeverity()))
						.setCode(m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal() ? IssueType.PROCESSING
								: IssueType.INFORMATIONAL)
						.setDiagnostics(m.getMessage())
						.addExpression(m.getLocationString())
						.addLocation(m.getLocationString()));
		return outcome;
	}

	private boolean isKnown(String profile) {
		String url = profile.split("\\|")[0];
		return knownProfiles.contains(url) || url.startsWith(CORE);
	}

	/**
	 * HAPI's validator makes an unresolvable {@code meta.profile} an error; Rapport checks such a
	 * resource against the core definition of its type instead and says so.
	 */
	private IBaseResource withoutProfiles(IBaseResource resource, List<String> unknown, OperationOutcome outcome) {
		IBaseResource copy = fhirContext.newTerser().clone(resource);
		copy.getMeta().getProfile().removeIf(p -> unknown.contains(p.getValueAsString()));
		for (String url : unknown) {
			outcome.addIssue().setSeverity(IssueSeverity.WARNING).setCode(IssueType.NOTSUPPORTED)
					.setDiagnostics("Profile " + url + " is not known here; the resource was checked against the core "
							+ fhirContext.getResourceType(resource) + " definition")
					.addExpression(fhirContext.getResourceType(resource) + ".meta.profile");
		}
		return copy;
	}

	private static boolean isError(OperationOutcome.OperationOutcomeIssueComponent issue) {
		return issue.getSeverity() == IssueSeverity.ERROR || issue.getSeverity() == IssueSeverity.FATAL;
	}

	private static IssueSeverity severity(ResultSeverityEnum severity) {
		return switch (severity) {
			case FATAL -> IssueSeverity.FATAL;
			case ERROR -> IssueSeverity.ERROR;
			case WARNING -> IssueSeverity.WARNING;
			case INFORMATION -> IssueSeverity.INFORMATION;
		};
	}
}
