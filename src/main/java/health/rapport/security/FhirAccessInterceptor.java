package health.rapport.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import health.rapport.fhir.server.AccessGuard.Interaction;
import health.rapport.fhir.server.ServerInterceptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;

/**
 * Enforces the access policy on every FHIR request before it is handled (scopes, ownership,
 * compartments; a search of PHI is narrowed to the caller's compartment), and drops PHI outside
 * the compartment from every response (includes, pages).
 */
@Component
@Interceptor
class FhirAccessInterceptor implements ServerInterceptor {

	private final FhirAccess access;

	FhirAccessInterceptor(FhirAccess access) {
		this.access = access;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void check(RequestDetails request, RestOperationTypeEnum operation) {
		String type = request.getResourceName();
		String id = request.getId() == null ? null : request.getId().getIdPart();
		switch (operation) {
			case METADATA, TRANSACTION, BATCH, GET_PAGE -> { } // a Bundle's entries are checked one by one
			case READ, VREAD, HISTORY_INSTANCE -> access.check(Interaction.READ, type, id, null);
			case SEARCH_TYPE -> {
				access.check(Interaction.SEARCH, type, null, null);
				access.checkSearchParameters(type, request.getParameters().keySet());
				narrow(request, access.restrict(type));
			}
			case HISTORY_TYPE -> {
				access.check(Interaction.SEARCH, type, null, null);
				if (AccessPolicy.PHI.contains(type)) {
					access.refuse(type, "history-type", "The history of " + type + " is not served: it crosses compartments");
				}
			}
			case CREATE -> access.check(Interaction.CREATE, type, null, body(request));
			case UPDATE -> access.check(Interaction.UPDATE, type, id, body(request));
			case DELETE -> access.check(Interaction.DELETE, type, id, null);
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE -> checkOperation(request, type, id);
			default -> access.checkOperation(String.valueOf(type), operation.getCode(), "cud", List.of(ClientKind.ADMIN));
		}
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void filter(RequestDetails request, ResponseDetails response) {
		IBaseResource resource = response.getResponseResource();
		if (resource instanceof Bundle bundle) {
			filter(bundle);
		} else if (resource != null) {
			response.setResponseResource(access.present(resource));
		}
	}

	/**
	 * Search and history results lose what the caller may not see (includes, pages); every
	 * resource, also in batch answers, is shown as the caller may see it.
	 */
	private void filter(Bundle bundle) {
		if (bundle.getType() == Bundle.BundleType.SEARCHSET || bundle.getType() == Bundle.BundleType.HISTORY) {
			bundle.getEntry().removeIf(e -> e.hasResource() && !access.visible(e.getResource()));
		}
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Bundle inner) {
				filter(inner);
			} else if (entry.hasResource()) {
				entry.setResource((org.hl7.fhir.r4.model.Resource) access.present(entry.getResource()));
			}
		}
	}

	private void checkOperation(RequestDetails request, String type, String id) {
		String name = request.getOperation();
		if ("$match".equals(name) && id != null) {
			access.check(Interaction.READ, type, id, null); // matching a stored referral reads it
		} else if ("$match".equals(name)) {
			access.checkOperation(type, name, "cr", List.of(ClientKind.EHR, ClientKind.ADMIN));
		} else if ("$process-message".equals(name)) {
			// the message's entries are then checked one by one, as a transaction's are
			access.checkOperation("ServiceRequest", name, "cu", List.of(ClientKind.EHR, ClientKind.ADMIN));
		} else if ("$validate".equals(name)) {
			access.checkOperation(type, name, "cu", List.of(ClientKind.values()));
		} else {
			access.checkOperation(String.valueOf(type), name, "cud", List.of(ClientKind.ADMIN));
		}
	}

	/**
	 * The resource in the request body, parsed here since HAPI parses it only after this hook; a
	 * body the policy cannot read is refused before anything else looks at it.
	 */
	private static IBaseResource body(RequestDetails request) {
		byte[] content = request.loadRequestContents();
		EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
		if (content == null || content.length == 0 || encoding == null) {
			throw new InvalidRequestException("A FHIR resource (application/fhir+json or +xml) is expected in the body");
		}
		try {
			return encoding.newParser(request.getFhirContext()).parseResource(new String(content, StandardCharsets.UTF_8));
		} catch (RuntimeException e) {
			throw new InvalidRequestException("Failed to parse the request body: " + e.getMessage());
		}
	}

	private static void narrow(RequestDetails request, Map<String, List<String>> restriction) {
		if (restriction.isEmpty()) {
			return;
		}
		Map<String, String[]> parameters = new HashMap<>(request.getParameters());
		restriction.forEach((name, values) -> parameters.merge(name, values.toArray(String[]::new),
				(a, b) -> Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new)));
		request.setParameters(parameters);
	}
}
