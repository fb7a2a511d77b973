package health.rapport.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.Locale;

/**
 * A 415 for a request body of a media type its method does not read: a search reads a form, every
 * other POST and PUT a FHIR resource in JSON or XML. HAPI answered a resource of {@code text/plain}
 * with a 400, as if it were malformed, and ignored a search's JSON body, answering every resource.
 * A request without a Content-Type is left to HAPI.
 */
final class MediaTypeInterceptor {

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void refuseUnreadableBody(RequestDetails request) {
		RequestTypeEnum method = request.getRequestType();
		String contentType = request.getHeader(Constants.HEADER_CONTENT_TYPE);
		if ((method != RequestTypeEnum.POST && method != RequestTypeEnum.PUT) || contentType == null || contentType.isBlank()) {
			return;
		}
		RestOperationTypeEnum operation = request.getRestOperationType();
		boolean search = operation == RestOperationTypeEnum.SEARCH_TYPE || operation == RestOperationTypeEnum.SEARCH_SYSTEM;
		boolean form = contentType.toLowerCase(Locale.ROOT).startsWith(Constants.CT_X_FORM_URLENCODED);
		if (search && !form) {
			throw new UnclassifiedServerFailureException(415, "A search takes its parameters as "
					+ Constants.CT_X_FORM_URLENCODED + ", not " + contentType);
		}
		if (!search && (form || RestfulServerUtils.determineRequestEncodingNoDefault(request) == null)) {
			throw new UnclassifiedServerFailureException(415, "The body must be a FHIR resource as "
					+ Constants.CT_FHIR_JSON_NEW + " or " + Constants.CT_FHIR_XML_NEW + ", not " + contentType);
		}
	}
}
