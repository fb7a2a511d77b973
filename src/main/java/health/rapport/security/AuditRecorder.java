package health.rapport.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes an AuditEvent for an access decision: who (client id and kind), what (type, id,
 * interaction), when, the outcome and the caller's address. Never the content of the request:
 * no resource, no search values, so no PHI.
 */
@Component
public class AuditRecorder {

	static final String CLIENT_SYSTEM = "https://rapport.health/fhir/sid/api-client";
	static final String BREAK_GLASS = "BTG";
	/** The entity type of an API client's registration (not a FHIR resource). */
	static final String CLIENT = "ApiClient";
	private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

	private final AuditTrail trail;
	private final Clock clock;

	AuditRecorder(AuditTrail trail, Clock clock) {
		this.trail = trail;
		this.clock = clock;
	}

	/**
	 * Records one decision.
	 *
	 * @param interaction a FHIR restful interaction code (read, search-type, create, update, delete, operation)
	 * @param type the resource type, {@link #CLIENT} for a client registration, null when there is no entity
	 * @param status the HTTP status of the decision: 200 when granted
	 */
	public void record(Caller caller, String interaction, String type, String id, int status, String message,
			BreakGlass breakGlass) {
		AuditEvent event = new AuditEvent();
		event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
		event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", interaction, null));
		event.setAction(action(interaction));
		event.setRecorded(new Date(clock.millis()));
		event.setOutcome(status < 300 ? AuditEventOutcome._0 : status >= 500 ? AuditEventOutcome._8 : AuditEventOutcome._4);
		event.setOutcomeDesc(status + (message == null ? "" : " " + message));
		AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
		agent.setType(new CodeableConcept(new Coding("https://rapport.health/fhir/CodeSystem/client-kind",
				caller.kind() == null ? (caller.anonymous() ? "anonymous" : "unregistered") : caller.kind().code(), null)));
		if (!caller.anonymous()) {
			agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(caller.clientId())));
		}
		String address = remoteAddress();
		if (address != null) {
			agent.getNetwork().setAddress(address).setType(AuditEventAgentNetworkType._2);
		}
		event.getSource().setSite("rapport").setObserver(new Reference().setDisplay("Rapport FHIR server"));
		if (CLIENT.equals(type)) {
			event.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem(CLIENT_SYSTEM).setValue(id)));
		} else if (type != null) {
			AuditEvent.AuditEventEntityComponent entity = event.addEntity();
			entity.setType(new Coding("http://hl7.org/fhir/resource-types", type, null));
			if (id != null) {
				entity.setWhat(new Reference(type + "/" + id));
			}
		}
		if (breakGlass != null) {
			event.addPurposeOfEvent(new CodeableConcept(new Coding(ACT_REASON, BREAK_GLASS, "break the glass")));
			event.addPurposeOfEvent(new CodeableConcept(new Coding(BreakGlass.REASONS, breakGlass.code(), null))
					.setText(breakGlass.text()));
			event.getMeta().addTag("https://rapport.health/fhir/CodeSystem/audit-review", "review-needed", "Review needed");
		}
		trail.append(event, caller.clientId(), breakGlass != null);
	}

	private static AuditEventAction action(String interaction) {
		return switch (interaction) {
			case "create" -> AuditEventAction.C;
			case "update" -> AuditEventAction.U;
			case "delete" -> AuditEventAction.D;
			case "operation" -> AuditEventAction.E;
			default -> AuditEventAction.R;
		};
	}

	private static String remoteAddress() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}
}
