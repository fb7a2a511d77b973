package health.rapport.fhir.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's FhirInstanceValidator with the same verdicts and messages, several times faster: HAPI's
 * package-private ValidatorWrapper builds a new HL7 InstanceValidator for every resource, and
 * building one (the OID registry read from a 1.5 MB CSV, FHIRPath engines, profile utilities)
 * costs more than validating a small resource. This does what ValidatorWrapper.validate does
 * (hapi-fhir-validation 8.6.5) with InstanceValidators taken from a pool.
 * <p>
 * Reuse is sound because InstanceValidator resets its per-resource state when a validation starts
 * (fetch cache, resource tracker, tracked messages, execution id). What it would carry over is
 * cleared after each validation: the definitions already reported as deprecated or retired (a new
 * instance reports them again), the codings and code/text pairs seen, and the narrative link maps
 * (each of which holds a whole resource's tree). What is left (caches keyed by definitions) is
 * bounded by the definitions; an instance is still retired after {@link #MAX_USES}.
 * <p>
 * Thread safety: an InstanceValidator is used by one thread at a time. It is taken from a
 * concurrent deque and put back only once its validation has finished; the deque's hand-over
 * publishes its state to the next thread. What the instances share (worker context, policy
 * advisor) is shared by concurrent validations in the stock validator too, and the worker context's
 * cache here is a ConcurrentHashMap. A pool rather than a ThreadLocal: the server has far more
 * request threads than cores and an instance holds about 5 MB. At most {@link #MAX_ACTIVE}
 * validations run at once and the others wait their turn: building an instance for each extra one
 * (as an earlier version did) took a quarter of the time of $match under 16 concurrent clients.
 * <p>
 * XML input and a resource fetcher (whose lookups an InstanceValidator caches) are left to the
 * stock path; Rapport uses neither.
 */
public class ReusedInstanceValidator extends FhirInstanceValidator {

	/** Validations at once; more would not finish sooner on these cores, and each needs an instance. */
	private static final int MAX_ACTIVE = 2 * Runtime.getRuntime().availableProcessors();

	/**
	 * InstanceValidator's CodingsObserver keeps every coding it has checked with its place in the
	 * resource, so the whole resource (some 200 KB per demo resource), for an IPS check Rapport does
	 * not use, and has no way to clear it. Should a later version rename these fields, instances are
	 * retired much sooner instead.
	 */
	private static final Field OBSERVER = accessible(InstanceValidator.class, "codingObserver");
	private static final Field CODINGS = OBSERVER == null ? null : accessible(CodingsObserver.class, "list");
	/** Narrative link targets by narrative element: a narrative with links keeps its resource's tree. */
	private static final Field XHTML_LINKS = accessible(InstanceValidator.class, "xhtmlElementMap");
	/** The keys of the code/text pairs seen, beside the pairs themselves (cleared by their getter). */
	private static final Field TEXT_KEYS = accessible(InstanceValidator.class, "textsToCheckKeys");
	static final int MAX_USES = CODINGS != null && XHTML_LINKS != null && TEXT_KEYS != null ? 10_000 : 20;

	private final BlockingDeque<Pooled> idle = new LinkedBlockingDeque<>(MAX_ACTIVE);
	private final Semaphore turns = new Semaphore(MAX_ACTIVE);

	public ReusedInstanceValidator(IValidationSupport validationSupport) {
		super(validationSupport);
		setWrappedWorkerContext(getValidationSupport(), new CachingWorkerContext(getValidationSupport()));
	}

	/** An InstanceValidator that can forget the resource it has validated, with its own JSON parser. */
	private static final class Pooled extends InstanceValidator {
		final IWorkerContext worker;
		/**
		 * The element-model parser InstanceValidator would build for every resource, with two
		 * FHIRPath engines that index every type definition: a tenth of validating a small resource.
		 * Of one resource it keeps nothing for the next; of the definitions, what it has looked up.
		 */
		final ElementJsonParser parser;
		int uses;

		Pooled(IWorkerContext worker) {
			super(worker, new NullEvaluationContext(), new XVerExtensionManagerOld(worker), new ValidatorSession(),
					new ValidatorSettings());
			this.worker = worker;
			this.parser = new ElementJsonParser(worker);
			parser.setupValidation(ValidationPolicy.EVERYTHING);
		}

		/**
		 * InstanceValidator.validate(appContext, errors, stream, JSON, profiles) with the kept parser;
		 * what it does besides for logical models, XML and signatures does not apply here.
		 */
		void validateJson(Object appContext, List<ValidationMessage> errors, String json, List<StructureDefinition> profiles) {
			try {
				validatedContent = parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
			} catch (IOException e) {
				throw new FHIRException(e);
			}
			for (ValidatedFragment fragment : validatedContent) {
				if (fragment.getElement() != null) {
					validate(appContext, fragment.getErrors(), validatedContent.size() > 1 ? fragment.path() : null,
							fragment.getElement(), profiles);
				}
				errors.addAll(fragment.getErrors());
			}
		}

		void forgetLastResource() {
			statusWarnings.clear();
			getTextsToCheck().clear();
			try {
				if (CODINGS != null) {
					((List<?>) CODINGS.get(OBSERVER.get(this))).clear();
				}
				if (XHTML_LINKS != null) {
					((Map<?, ?>) XHTML_LINKS.get(this)).clear();
				}
				if (TEXT_KEYS != null) {
					((Set<?>) TEXT_KEYS.get(this)).clear();
				}
			} catch (IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
		}
	}

	/**
	 * The element-model JSON parser, remembering the type definition of each resource type it has
	 * parsed: ParserBase.getDefinition looks for it through every definition the context holds,
	 * building a URL string for each, a tenth of validating a VerificationResult. The definitions
	 * are those of the pooled validator's worker context, which is replaced (and the validator with
	 * it) when the validation support is; nothing invalidates its caches while the server runs.
	 */
	private static final class ElementJsonParser extends org.hl7.fhir.r5.elementmodel.JsonParser {
		private final Map<String, StructureDefinition> definitions = new HashMap<>();

		ElementJsonParser(IWorkerContext worker) {
			super(worker);
		}

		@Override
		protected StructureDefinition getDefinition(List<ValidationMessage> errors, int line, int col, String name) {
			StructureDefinition known = name == null ? null : definitions.get(name);
			if (known != null) {
				return known;
			}
			StructureDefinition found = super.getDefinition(errors, line, col, name);
			if (found != null) {
				definitions.put(name, found);
			}
			return found;
		}
	}

	/**
	 * HAPI's worker context, remembering the definitions it has found: the validator looks them up
	 * again for every element, through the support chain's cache and a version conversion (8% of
	 * the time left). Not what it did not find, which clients choose.
	 */
	private static final class CachingWorkerContext extends WorkerContextValidationSupportAdapter {
		private final Map<Class<?>, Map<String, Resource>> found = new ConcurrentHashMap<>();

		CachingWorkerContext(IValidationSupport validationSupport) {
			super(validationSupport);
		}

		@Override
		public <T extends Resource> T fetchResource(Class<T> type, String uri) {
			if (uri == null) {
				return super.fetchResource(type, uri);
			}
			Map<String, Resource> byUri = found.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
			Resource resource = byUri.get(uri);
			if (resource == null) {
				// Not computeIfAbsent: fetching may generate a snapshot, which fetches too.
				resource = super.fetchResource(type, uri);
				if (resource != null) {
					byUri.put(uri, resource);
				}
			}
			return type.cast(resource);
		}

		@Override
		public void invalidateCaches() {
			found.clear();
			super.invalidateCaches();
		}
	}

	@Override
	protected List<ValidationMessage> validate(IValidationContext<?> context) {
		if (context.getResourceAsStringEncoding() != EncodingEnum.JSON || getValidatorResourceFetcher() != null) {
			return super.validate(context);
		}
		IWorkerContext worker = provideWorkerContext();
		turns.acquireUninterruptibly();
		try {
			Pooled validator = idle.pollFirst();
			if (validator == null || validator.worker != worker) {
				// None built yet, or the validation support was replaced since this one was built.
				validator = new Pooled(worker);
			}
			List<ValidationMessage> messages = validate(validator, worker, context);
			// Not put back when validation threw: its state is then unknown.
			if (++validator.uses < MAX_USES) {
				validator.forgetLastResource();
				idle.offerFirst(validator);
			}
			return messages;
		} finally {
			turns.release();
		}
	}

	/** ValidatorWrapper.validate for JSON, on a reused instance. */
	private List<ValidationMessage> validate(Pooled validator, IWorkerContext worker, IValidationContext<?> context) {
		// Set at every use, as on a new instance, so that changes to this module's settings apply.
		validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
		validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
		validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
		validator.setResourceIdRule(IdStatus.OPTIONAL);
		validator.setNoTerminologyChecks(isNoTerminologyChecks());
		validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
		validator.setUnknownCodeSystemsCauseErrors(true);
		validator.getExtensionDomains().clear();
		validator.getExtensionDomains().addAll(getExtensionDomains());
		validator.setFetcher(null);
		validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
		validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
		validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
		validator.setAllowExamples(isAllowExamples());
		validator.setAllowXsiLocation(true);

		List<StructureDefinition> profiles = new ArrayList<>();
		List<ValidationMessage> unknownProfiles = new ArrayList<>();
		for (String url : context.getOptions().getProfiles()) {
			addProfile(worker, profiles, url, unknownProfiles);
		}
		String input = context.getResourceAsString();
		for (String url : metaProfiles(context, input)) {
			addProfile(worker, profiles, url, unknownProfiles);
		}
		List<ValidationMessage> messages = new ArrayList<>();
		if (profiles.stream().anyMatch(p -> p.getKind() == StructureDefinitionKind.LOGICAL)) {
			validator.validate(context.getOptions().getAppContext(), messages,
					new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), FhirFormat.JSON, profiles);
		} else {
			validator.validateJson(context.getOptions().getAppContext(), messages, input, profiles);
		}
		if (profiles.isEmpty()) {
			messages.addAll(unknownProfiles);
		}
		messages.removeIf(m -> m.getMessageId() != null
				&& (m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE)
						|| m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE2)
						|| (m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
								&& m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"))));
		if (isErrorForUnknownProfiles()) {
			messages.stream()
					.filter(m -> I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(m.getMessageId())
							|| I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(m.getMessageId()))
					.filter(m -> m.getLevel() == ValidationMessage.IssueSeverity.WARNING)
					.forEach(m -> m.setLevel(ValidationMessage.IssueSeverity.ERROR));
		}
		return messages;
	}

	/** The resource's meta.profile, from the resource when there is one rather than parsing its JSON again. */
	private static List<String> metaProfiles(IValidationContext<?> context, String json) {
		if (context.getResource() instanceof IBaseResource resource) {
			return resource.getMeta().getProfile().stream().map(IPrimitiveType::getValueAsString).toList();
		}
		JsonObject meta = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("meta");
		JsonElement urls = meta == null ? null : meta.get("profile");
		if (urls == null || !urls.isJsonArray()) {
			return List.of();
		}
		List<String> result = new ArrayList<>();
		urls.getAsJsonArray().forEach(url -> result.add(url.getAsString()));
		return result;
	}

	private static void addProfile(IWorkerContext worker, List<StructureDefinition> profiles, String url,
			List<ValidationMessage> unknown) {
		try {
			StructureDefinition profile = worker.fetchResource(StructureDefinition.class, url);
			if (profile != null) {
				profiles.add(profile);
			} else {
				unknown.add(new ValidationMessage().setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN)
						.setLevel(ValidationMessage.IssueSeverity.ERROR)
						.setMessage("Invalid profile. Failed to retrieve profile with url=" + url));
			}
		} catch (FHIRException e) {
			// Ignored, as ValidatorWrapper does (it logs it at debug level).
		}
	}

	private static Field accessible(Class<?> type, String name) {
		try {
			Field field = type.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		} catch (ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}
}
