package health.rapport.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import health.rapport.fhir.server.ServerInterceptor;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Logs the FHIR server's errors (5xx) without their messages, which may quote PHI: the
 * interaction, the resource type, the exception classes of the cause chain and where each was
 * thrown. Client errors (4xx) are the client's business and are not logged. An unexpected
 * exception's message (SQL, PHI, a Java detail) is not sent to the client either: it gets a 500
 * OperationOutcome that says only that the request failed, with the request's id.
 */
@Component
@Interceptor
class PhiSafeErrorLog implements ServerInterceptor {

	private static final Logger LOG = LoggerFactory.getLogger(PhiSafeErrorLog.class);

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException withhold(RequestDetails request, Throwable exception) {
		if (exception instanceof BaseServerResponseException answer) {
			return answer;
		}
		if (exception instanceof DataFormatException badInput) {
			// HAPI's own fallback, which this hook replaces, made these a 400.
			return new InvalidRequestException(badInput.getMessage(), badInput);
		}
		if (exception instanceof PessimisticLockingFailureException) {
			return new ResourceVersionConflictException("Another request held what this one needed; this one was rolled back"
					+ " and may be sent again");
		}
		if (exception instanceof IllegalArgumentException && exception.getStackTrace().length > 0
				&& exception.getStackTrace()[0].getClassName().equals(URLDecoder.class.getName())) {
			return new InvalidRequestException("The URL has a malformed percent-escape (% must be followed by two hex digits)");
		}
		return new InternalErrorException("The server failed to complete this request (request id "
				+ request.getRequestId() + ")", exception);
	}

	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean log(RequestDetails request, BaseServerResponseException exception) {
		if (exception.getStatusCode() >= 500) {
			LOG.error("FHIR {} {} failed with {} (messages withheld: they may carry PHI): {}",
					request.getRestOperationType(), request.getResourceName(), exception.getStatusCode(), chain(exception));
		}
		return true;
	}

	private static List<String> chain(Throwable exception) {
		List<String> chain = new ArrayList<>();
		for (Throwable t = exception; t != null && chain.size() < 10; t = t.getCause()) {
			StackTraceElement at = t.getStackTrace().length == 0 ? null : t.getStackTrace()[0];
			chain.add(t.getClass().getName() + (at == null ? "" : " at " + at));
		}
		return chain;
	}
}
