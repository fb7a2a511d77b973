package health.rapport.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Narrative.NarrativeStatus;

/**
 * {@code _summary=text} on a read: HAPI answers the resource's narrative as HTML, and failed on a
 * resource without one (most directory resources). Such a resource answers a line saying so.
 */
class NarrativeSummaryInterceptor {

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean narrativeOrItsAbsence(RequestDetails request, IBaseResource response) {
		String[] summary = request.getParameters().get("_summary");
		if (summary != null && summary.length == 1 && "text".equals(summary[0]) && response instanceof DomainResource resource
				&& !resource.getText().hasDiv()) {
			resource.getText().setStatus(NarrativeStatus.EMPTY).setDivAsString(
					"<div xmlns=\"http://www.w3.org/1999/xhtml\">This " + resource.fhirType() + " has no narrative.</div>");
		}
		return true;
	}
}
