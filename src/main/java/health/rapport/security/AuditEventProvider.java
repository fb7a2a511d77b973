package health.rapport.security;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.rapport.fhir.server.ServerProvider;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * {@code /fhir/AuditEvent}, read-only (the access policy lets only admin clients in): read one
 * event, or search the newest first; {@code purpose-of-event=BTG} is the report of break-glass
 * accesses to review.
 */
@Component
class AuditEventProvider implements IResourceProvider, ServerProvider {

	private static final int MAX = 1000;

	private final AuditTrail trail;

	AuditEventProvider(AuditTrail trail) {
		this.trail = trail;
	}

	@Override
	public Class<? extends IBaseResource> getResourceType() {
		return AuditEvent.class;
	}

	@Read
	public AuditEvent read(@IdParam IdType id) {
		long seq;
		try {
			seq = Long.parseLong(id.getIdPart());
		} catch (NumberFormatException e) {
			throw new ResourceNotFoundException(id);
		}
		return trail.find(seq).orElseThrow(() -> new ResourceNotFoundException(id));
	}

	@Search
	public List<AuditEvent> search(@OptionalParam(name = "purpose-of-event") TokenParam purpose, @Count Integer count) {
		boolean breakGlass = purpose != null && AuditRecorder.BREAK_GLASS.equals(purpose.getValue());
		return trail.newest(count == null ? MAX : Math.min(count, MAX), breakGlass);
	}
}
