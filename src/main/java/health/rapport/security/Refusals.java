package health.rapport.security;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.VerificationResult;

/** The FHIR server's answers to a refused request, and what the policy reads off a registration. */
final class Refusals {

	static final String JURISDICTION = "https://rapport.health/fhir/StructureDefinition/jurisdiction";

	private Refusals() {}

	/** 401 with {@code WWW-Authenticate: Bearer} for an anonymous caller, else 403. */
	static BaseServerResponseException denied(Caller caller, String message) {
		if (caller.anonymous()) {
			// Not HAPI's AuthenticationException, which HAPI answers in plain text: a 401 with an OperationOutcome.
			UnclassifiedServerFailureException e = new UnclassifiedServerFailureException(401,
					"Authentication required: " + message);
			e.addResponseHeader("WWW-Authenticate", "Bearer realm=\"rapport\"");
			return e;
		}
		return forbidden(message);
	}

	/** 403 with {@code WWW-Authenticate: Bearer error="insufficient_scope"} (401 for an anonymous caller). */
	static BaseServerResponseException insufficientScope(Caller caller, String needed) {
		if (caller.anonymous()) {
			return denied(caller, "a token with scope " + needed + " is needed");
		}
		ForbiddenOperationException e = new ForbiddenOperationException("Insufficient scope: " + needed + " is needed");
		e.addResponseHeader("WWW-Authenticate",
				"Bearer realm=\"rapport\", error=\"insufficient_scope\", scope=\"" + needed + "\"");
		return e;
	}

	static ForbiddenOperationException forbidden(String message) {
		return new ForbiddenOperationException(message);
	}

	/** The ISO 3166-2 codes of a VerificationResult's jurisdiction extension; empty for anything else. */
	static List<String> jurisdictions(IBaseResource resource) {
		if (!(resource instanceof VerificationResult vr)) {
			return List.of();
		}
		return vr.getExtensionsByUrl(JURISDICTION).stream().map(Extension::getValue)
				.filter(CodeableConcept.class::isInstance).map(CodeableConcept.class::cast)
				.flatMap(c -> c.getCoding().stream()).map(Coding::getCode).filter(Objects::nonNull).distinct().toList();
	}
}
