package health.rapport.security;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.rapport.fhir.server.AccessGuard;
import health.rapport.fhir.server.ResourceService;
import health.rapport.security.AccessPolicy.Rule;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/** Applies {@link AccessPolicy} to the caller of the current request. */
@Component
class FhirAccess implements AccessGuard {

	static final String JURISDICTION = Refusals.JURISDICTION;

	private final Callers callers;
	private final Compartments compartments;
	private final ResourceService resources;
	private final AuditRecorder audit;
	private final MinimumNecessary minimum;

	FhirAccess(Callers callers, Compartments compartments, ResourceService resources, AuditRecorder audit) {
		this.audit = audit;
		this.minimum = new MinimumNecessary(resources);
		this.callers = callers;
		this.compartments = compartments;
		this.resources = resources;
	}

	/**
	 * Decides, and records the decision in the audit trail when it is a denial, touches PHI or
	 * breaks the glass.
	 */
	@Override
	public void check(Interaction interaction, String type, String id, IBaseResource incoming) {
		Caller caller = callers.current();
		String code = interaction == Interaction.SEARCH ? "search-type" : interaction.name().toLowerCase(Locale.ROOT);
		try {
			decide(caller, interaction, type, id, incoming);
		} catch (BaseServerResponseException e) {
			audit.record(caller, code, type, id, e.getStatusCode(), e.getMessage(), caller.breakGlass());
			throw e;
		}
		if (AccessPolicy.PHI.contains(type) || caller.breakGlass() != null) {
			audit.record(caller, code, type, id, 200, "granted", caller.breakGlass());
		}
	}

	private void decide(Caller caller, Interaction interaction, String type, String id, IBaseResource incoming) {
		checkBreakGlass(caller);
		char letter = interaction.letter();
		Rule rule = AccessPolicy.rule(caller.kind(), type, letter).orElseThrow(() -> Refusals.denied(caller,
				"Not permitted: " + interaction.name().toLowerCase() + " of " + type + " by " + caller.describe()));
		if (rule == Rule.PUBLIC) {
			return;
		}
		if (!SmartScopes.grants(caller.scopes(), type, letter)) {
			throw Refusals.insufficientScope(caller, "system/" + type + "." + letter);
		}
		switch (rule) {
			case COMPARTMENT -> checkCompartment(caller, type, id, incoming, interaction);
			case OWN_ROLE -> {
				if (id == null || !caller.actsFor().stream().map(Compartments::roleReference)
						.toList().contains("PractitionerRole/" + id)) {
					throw Refusals.forbidden("PractitionerRole/" + id + " is not one of this practice's roles");
				}
			}
			case OWN_JURISDICTION -> checkJurisdiction(caller, type, id, incoming);
			default -> { }
		}
	}

	/**
	 * A search of a directory type must not select by PHI ({@code _has:Task:...}): it would tell
	 * whether such records exist, outside any compartment.
	 */
	void checkSearchParameters(String type, java.util.Set<String> names) {
		if (AccessPolicy.PHI.contains(type)) {
			return;
		}
		for (String name : names) {
			if (AccessPolicy.PHI.stream().anyMatch(phi -> name.contains("_has:" + phi + ":"))) {
				refuse(type, "search-type", "Searching " + type + " by " + name.split(":")[1] + " records is not permitted");
			}
		}
	}

	/** Refuses (401 anonymous, 403 otherwise), audited. */
	void refuse(String type, String interaction, String message) {
		Caller caller = callers.current();
		BaseServerResponseException e = Refusals.denied(caller, message);
		audit.record(caller, interaction, type, null, e.getStatusCode(), message, caller.breakGlass());
		throw e;
	}

	@Override
	public Map<String, List<String>> restrict(String type) {
		return compartments.restriction(callers.current(), type);
	}

	/** What the caller is shown of a resource it may see: the minimum necessary, for a practice before it accepts. */
	IBaseResource present(IBaseResource resource) {
		return minimum.present(callers.current(), resource);
	}

	@Override
	public boolean visible(IBaseResource resource) {
		return compartments.contains(callers.current(), resource, resource.getIdElement().getIdPart());
	}

	/**
	 * Whether the caller may use an operation that needs one of {@code letters} on {@code type};
	 * audited like {@link #check} ({@code $match} carries a referral, so PHI).
	 */
	void checkOperation(String type, String operation, String letters, List<ClientKind> kinds) {
		Caller caller = callers.current();
		try {
			checkBreakGlass(caller);
			if (caller.anonymous() || !kinds.contains(caller.kind())) {
				throw Refusals.denied(caller, "Not permitted: " + operation + " on " + type + " by " + caller.describe());
			}
			if (letters.chars().noneMatch(l -> SmartScopes.grants(caller.scopes(), type, (char) l))) {
				throw Refusals.insufficientScope(caller, "system/" + type + "." + letters);
			}
		} catch (BaseServerResponseException e) {
			audit.record(caller, "operation", type, null, e.getStatusCode(), operation + ": " + e.getMessage(), caller.breakGlass());
			throw e;
		}
		if (AccessPolicy.PHI.contains(type)) {
			audit.record(caller, "operation", type, null, 200, operation + " granted", caller.breakGlass());
		}
	}

	/** A break-glass statement is for admins, with a known reason code and a text. */
	private static void checkBreakGlass(Caller caller) {
		if (BreakGlass.header() == null || caller.breakGlass() != null) {
			return;
		}
		if (!caller.is(ClientKind.ADMIN)) {
			throw Refusals.denied(caller, "only an admin client may break the glass");
		}
		throw new InvalidRequestException(BreakGlass.HEADER + " must be \"<code> <text>\" with a code of " + BreakGlass.CODES);
	}

	private void checkCompartment(Caller caller, String type, String id, IBaseResource incoming, Interaction interaction) {
		Optional<IBaseResource> existing = id == null ? Optional.empty() : current(type, id, interaction);
		if (existing.isPresent() && !compartments.contains(caller, existing.get(), id)) {
			throw new ResourceNotFoundException(new IdType(type, id));
		}
		if (incoming != null && interaction != Interaction.DELETE && !compartments.contains(caller, incoming, id)) {
			throw Refusals.forbidden(type + " written outside the compartment of " + caller.describe());
		}
	}

	/** The current version; a deleted one is reported as unknown to a reader, so its existence stays hidden. */
	private Optional<IBaseResource> current(String type, String id, Interaction interaction) {
		try {
			return Optional.of(resources.read(type, id));
		} catch (ResourceNotFoundException e) {
			return Optional.empty();
		} catch (ResourceGoneException e) {
			if (interaction == Interaction.READ) {
				throw new ResourceNotFoundException(new IdType(type, id));
			}
			return Optional.empty();
		}
	}

	private void checkJurisdiction(Caller caller, String type, String id, IBaseResource incoming) {
		Optional<IBaseResource> existing = id == null ? Optional.empty() : current(type, id, Interaction.UPDATE);
		existing.ifPresent(r -> requireJurisdiction(caller, r));
		if (incoming != null) {
			requireJurisdiction(caller, incoming);
		}
	}

	private static void requireJurisdiction(Caller caller, IBaseResource resource) {
		List<String> codes = Refusals.jurisdictions(resource);
		if (codes.isEmpty() || !caller.actsFor().containsAll(codes)) {
			throw Refusals.forbidden("Registrations of jurisdiction " + codes + " are not published by " + caller.describe());
		}
	}
}
