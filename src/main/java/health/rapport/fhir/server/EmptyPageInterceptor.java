package health.rapport.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A page of {@code _count=0} leads nowhere. HAPI answers it as {@code _summary=count}, without links,
 * unless {@code _elements} asks for elements: then its next and previous links name the same page
 * (the offset plus or minus nothing). {@link OffsetPage} has checked that {@code _count} is a number.
 */
final class EmptyPageInterceptor {

	private static final Set<String> PAGING = Set.of(Bundle.LINK_NEXT, Bundle.LINK_PREV, "prev");

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean noPagingFromAnEmptyPage(RequestDetails request, IBaseResource response) {
		String[] count = request.getParameters().get(Constants.PARAM_COUNT);
		if (response instanceof Bundle bundle && count != null && count.length > 0 && isZero(count[0])) {
			bundle.getLink().removeIf(link -> PAGING.contains(link.getRelation()));
		}
		return true;
	}

	private static boolean isZero(String count) {
		try {
			return Integer.parseInt(count.trim()) == 0;
		} catch (NumberFormatException e) {
			return false;
		}
	}
}
