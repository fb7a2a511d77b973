package health.rapport.security;

import health.rapport.fhir.server.ResourceService;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * What the client that owns a Subscription may be notified of: the same compartments and minimum
 * necessary as its reads. Directory resources reach every subscriber; PHI (Patient,
 * ServiceRequest, Task) only the EHR that requested it and the practice whose role owns the Task.
 * Admins and regulators are notified of directory resources only, as is a Subscription with no
 * known owner (null client id).
 */
@Component
public class SubscriberCompartments {

	private final ApiClients clients;
	private final Compartments compartments;
	private final MinimumNecessary minimum;

	SubscriberCompartments(ApiClients clients, Compartments compartments, ResourceService resources) {
		this.clients = clients;
		this.compartments = compartments;
		this.minimum = new MinimumNecessary(resources);
	}

	/** Whether the client {@code clientId} (may be null) may see {@code resource}, which must carry its id. */
	public boolean sees(String clientId, IBaseResource resource) {
		if (!AccessPolicy.PHI.contains(resource.fhirType())) {
			return true;
		}
		Caller caller = caller(clientId);
		return caller != null && compartments.contains(caller, resource, resource.getIdElement().getIdPart());
	}

	/**
	 * What the client is shown of {@code resource}, which {@link #sees} it: the minimum necessary
	 * for a practice that has not taken the referral on, the resource itself otherwise.
	 */
	public IBaseResource present(String clientId, IBaseResource resource) {
		Caller caller = caller(clientId);
		return caller == null ? resource : minimum.present(caller, resource);
	}

	/** The registered client as a caller without break-glass; null when there is none. */
	private Caller caller(String clientId) {
		if (clientId == null) {
			return null;
		}
		return clients.find(clientId).map(c -> new Caller(c.clientId(), c.kind(), c.actsFor(), c.scopes(), null)).orElse(null);
	}
}
