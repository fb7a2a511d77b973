package health.rapport.fhir.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.rapport.fhir.conformance.ConformancePackage;
import health.rapport.fhir.validation.ResourceValidator;
import health.rapport.fhir.server.ResourceService.Written;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryResponseComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes batch and transaction Bundles. A transaction is atomic: its entries' references to
 * each other ({@code urn:uuid:} full URLs) are resolved to the ids assigned, and one failing
 * entry rolls every entry back. A batch answers each entry on its own.
 */
@Component
class BundleProcessor {

	/** FHIR's processing order for a transaction: deletes, creates, updates, reads. */
	private static final List<HTTPVerb> ORDER = List.of(HTTPVerb.DELETE, HTTPVerb.POST, HTTPVerb.PUT, HTTPVerb.GET);

	private final ResourceService resources;
	private final Searches searches;
	private final TransactionTemplate transactions;
	private final FhirContext fhirContext;
	private final BundleEntryReader entryReader;
	private final Set<String> servedTypes;
	private final ResourceValidator validator;
	private final AccessGuard access;
	private final ConditionalCreates conditions;

	BundleProcessor(ResourceService resources, Searches searches, TransactionTemplate transactions,
			FhirContext fhirContext, BundleEntryReader entryReader, FhirServerProperties properties,
			ResourceValidator validator, AccessGuard access, ConditionalCreates conditions) {
		this.conditions = conditions;
		this.validator = validator;
		this.access = access;
		this.servedTypes = Set.copyOf(properties.resourceTypes());
		this.resources = resources;
		this.searches = searches;
		this.transactions = transactions;
		this.fhirContext = fhirContext;
		this.entryReader = entryReader;
	}

	Bundle process(Bundle bundle) {
		if (bundle.getType() == BundleType.TRANSACTION) {
			return transactions.execute(status -> transaction(bundle));
		}
		if (bundle.getType() == BundleType.BATCH) {
			return batch(bundle);
		}
		throw new InvalidRequestException("Bundle.type must be batch or transaction, not " + bundle.getType());
	}

	private Bundle transaction(Bundle bundle) {
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			if (bundle.getEntry().get(i).getRequest().getMethod() == null) {
				// An entry without a method would be passed over, and the rest committed without it.
				throw new InvalidRequestException("Bundle.entry[" + i + "].request.method is required in a transaction");
			}
		}
		List<String> conditional = bundle.getEntry().stream().map(this::condition).toList();
		// Before assignIds searches them: a create of the same search elsewhere waits for this one.
		Map<String, List<String>> searches = new HashMap<>();
		for (int i = 0; i < conditional.size(); i++) {
			if (conditional.get(i) != null) {
				searches.computeIfAbsent(fhirContext.getResourceType(bundle.getEntry().get(i).getResource()), t -> new ArrayList<>())
						.add(conditional.get(i));
			}
		}
		resources.lockConditionalCreates(searches);
		Map<String, IdType> assigned = assignIds(bundle, conditional);
		resolveReferences(bundle, assigned);
		validator.prevalidate(bundle.getEntry().stream().filter(e -> e.hasResource()
				&& (e.getRequest().getMethod() == HTTPVerb.POST || e.getRequest().getMethod() == HTTPVerb.PUT))
				.map(BundleEntryComponent::getResource).toList());
		Bundle response = response(bundle, BundleType.TRANSACTIONRESPONSE);
		for (HTTPVerb verb : ORDER) {
			for (int i = 0; i < bundle.getEntry().size(); i++) {
				BundleEntryComponent entry = bundle.getEntry().get(i);
				if (entry.getRequest().getMethod() == verb) {
					try {
						execute(entry, assigned.get(entry.getFullUrl()), response.getEntry().get(i), conditional.get(i));
					} catch (BaseServerResponseException e) {
						throw failedEntry(i, entry, e);
					}
				}
			}
		}
		return response;
	}

	private Bundle batch(Bundle bundle) {
		Bundle response = response(bundle, BundleType.BATCHRESPONSE);
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			BundleEntryComponent entry = bundle.getEntry().get(i);
			BundleEntryComponent result = response.getEntry().get(i);
			BundleEntryResponseComponent out = result.getResponse();
			try {
				transactions.executeWithoutResult(status -> execute(entry, null, result, condition(entry)));
			} catch (BaseServerResponseException e) {
				out.setStatus(status(e.getStatusCode())).setOutcome(outcome(i, e.getMessage(), e));
			} catch (RuntimeException e) {
				out.setStatus(status(500)).setOutcome(outcome(i, "Entry failed: " + e.getClass().getSimpleName()));
			}
		}
		return response;
	}

	/** The search a POST entry's create is conditional on (see {@link ConditionalCreates}); null for none. */
	private String condition(BundleEntryComponent entry) {
		if (entry.getRequest().getMethod() != HTTPVerb.POST || !entry.hasResource()) {
			return null;
		}
		return conditions.condition(fhirContext.getResourceType(entry.getResource()), entry.getResource(),
				entry.getRequest().getIfNoneExist());
	}

	private void execute(BundleEntryComponent entry, IdType assignedId, BundleEntryComponent result, String condition) {
		BundleEntryReader.Request request = entryReader.read(entry);
		checkAllowed(request.type(), entry.getRequest().getMethod());
		checkAccess(request, entry.getRequest().getMethod());
		BundleEntryResponseComponent out = result.getResponse();
		switch (entry.getRequest().getMethod()) {
			case POST -> written(out, condition != null
					? resources.createIfNoneExist(request.resource(), condition,
							assignedId != null ? assignedId.getIdPart() : UUID.randomUUID().toString())
					: assignedId != null ? resources.createWithId(request.resource(), assignedId.getIdPart())
							: resources.create(request.resource()));
			case PUT -> written(out, resources.update(request.type(), request.id(), request.resource(), request.ifMatch()));
			case DELETE -> {
				IdType deleted = resources.delete(request.type(), request.id(), request.ifMatch());
				out.setStatus("204 No Content").setEtag("W/\"" + deleted.getVersionIdPart() + "\"");
			}
			case GET -> get(request, result);
			default -> throw new InvalidRequestException("Unsupported method " + entry.getRequest().getMethod());
		}
	}

	/** A Bundle reaches only what the REST API does: the served types, and conformance types read-only. */
	private void checkAllowed(String type, HTTPVerb method) {
		if (!servedTypes.contains(type)) {
			throw new ResourceNotFoundException("Resource type " + type + " is not served here");
		}
		if (method != HTTPVerb.GET && ConformancePackage.TYPES.contains(type)) {
			throw new MethodNotAllowedException(type + " resources are published by the server and cannot be written");
		}
	}

	/** Each entry is checked as the same request on its own would be. */
	private void checkAccess(BundleEntryReader.Request request, HTTPVerb method) {
		AccessGuard.Interaction interaction = switch (method) {
			case POST -> AccessGuard.Interaction.CREATE;
			case PUT, PATCH -> AccessGuard.Interaction.UPDATE;
			case DELETE -> AccessGuard.Interaction.DELETE;
			default -> request.id() != null ? AccessGuard.Interaction.READ : AccessGuard.Interaction.SEARCH;
		};
		access.check(interaction, request.type(), request.id(), request.resource());
	}

	private void get(BundleEntryReader.Request request, BundleEntryComponent result) {
		BundleEntryResponseComponent out = result.getResponse();
		if (request.id() != null) {
			IBaseResource resource = resources.read(request.type(), request.id());
			if (!access.visible(resource)) {
				throw new ResourceNotFoundException(new IdType(request.type(), request.id()));
			}
			out.setStatus("200 OK").setEtag("W/\"" + resource.getIdElement().getVersionIdPart() + "\"");
			result.setResource((Resource) resource);
			return;
		}
		Map<String, String[]> query = new HashMap<>(request.query());
		access.restrict(request.type()).forEach((name, values) -> query.merge(name, values.toArray(String[]::new),
				(a, b) -> java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
						.toArray(String[]::new)));
		IBundleProvider results = searches.run(searches.parse(request.type(), query));
		Bundle searchset = new Bundle().setType(BundleType.SEARCHSET).setTotal(results.size());
		results.getResources(0, Math.min(results.size(), 100))
				.forEach(r -> searchset.addEntry().setResource((Resource) r));
		out.setStatus("200 OK");
		result.setResource(searchset);
	}

	private static void written(BundleEntryResponseComponent out, Written written) {
		IdType id = written.id();
		out.setStatus(written.created() ? "201 Created" : "200 OK")
				.setLocation(id.getResourceType() + "/" + id.getIdPart() + "/_history/" + id.getVersionIdPart())
				.setEtag("W/\"" + id.getVersionIdPart() + "\"")
				.setLastModified(((Resource) written.resource()).getMeta().getLastUpdated());
	}

	/** Server ids for the entries that create resources, keyed by their full URL. */
	private Map<String, IdType> assignIds(Bundle bundle, List<String> conditional) {
		Map<String, IdType> ids = new HashMap<>();
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			BundleEntryComponent entry = bundle.getEntry().get(i);
			if (!entry.hasFullUrl() || !entry.hasResource()) {
				continue;
			}
			String type = fhirContext.getResourceType(entry.getResource());
			if (entry.getRequest().getMethod() == HTTPVerb.POST && conditional.get(i) == null) {
				ids.put(entry.getFullUrl(), new IdType(type, UUID.randomUUID().toString()));
			} else if (entry.getRequest().getMethod() == HTTPVerb.PUT) {
				ids.put(entry.getFullUrl(), new IdType(entry.getRequest().getUrl().split("\\?")[0]));
			} else if (entry.getRequest().getMethod() == HTTPVerb.POST) {
				IdType existing = resources.findOne(type, conditional.get(i));
				ids.put(entry.getFullUrl(), existing != null ? existing : new IdType(type, UUID.randomUUID().toString()));
			}
		}
		return ids;
	}

	private void resolveReferences(Bundle bundle, Map<String, IdType> ids) {
		for (BundleEntryComponent entry : bundle.getEntry()) {
			if (!entry.hasResource()) {
				continue;
			}
			for (Reference ref : fhirContext.newTerser().getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
				IdType target = ref.getReference() == null ? null : ids.get(ref.getReference());
				if (target != null) {
					ref.setReference(target.getResourceType() + "/" + target.getIdPart());
				}
			}
		}
	}

	private static Bundle response(Bundle request, BundleType type) {
		Bundle response = new Bundle().setType(type);
		request.getEntry().forEach(e -> response.addEntry());
		return response;
	}

	private static BaseServerResponseException failedEntry(int index, BundleEntryComponent entry,
			BaseServerResponseException cause) {
		String message = "Transaction rolled back: entry " + index + " (" + entry.getRequest().getMethod() + " "
				+ entry.getRequest().getUrl() + ") failed: " + cause.getMessage();
		BaseServerResponseException failed = BaseServerResponseException.newInstance(cause.getStatusCode(), message);
		failed.setOperationOutcome(outcome(index, message, cause));
		return failed;
	}

	private static String status(int code) {
		HttpStatus status = HttpStatus.resolve(code);
		return status == null ? Integer.toString(code) : code + " " + status.getReasonPhrase();
	}

	/** The entry's failure, then the cause's own issues (a validation's) located inside the entry. */
	private static OperationOutcome outcome(int index, String message, BaseServerResponseException cause) {
		OperationOutcome oo = outcome(index, message);
		if (cause.getOperationOutcome() instanceof OperationOutcome detail) {
			for (var issue : detail.getIssue()) {
				var located = issue.copy();
				located.getExpression().clear();
				located.getLocation().clear();
				for (var expression : issue.getExpression()) {
					String path = expression.getValueNotNull();
					String inResource = path.contains(".") ? path.substring(path.indexOf('.')) : "";
					located.addExpression("Bundle.entry[" + index + "].resource" + inResource);
				}
				oo.addIssue(located);
			}
		}
		return oo;
	}

	static OperationOutcome outcome(int index, String message) {
		OperationOutcome oo = new OperationOutcome();
		oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.PROCESSING)
				.setDiagnostics(message).addExpression("Bundle.entry[" + index + "]");
		return oo;
	}
}
