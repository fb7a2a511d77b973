package health.rapport;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for requests the JSON APIs refuse before any controller is chosen (a
 * media type or method they do not take). The APIs' own advice answers everything else; Spring
 * Boot's global problem-details handler stands aside once an API defines its own.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class MappingProblems {

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Content-Type " + e.getContentType() + " is not accepted here; use one of " + e.getSupportedMediaTypes());
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(e.getSupportedMediaTypes());
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED,
				e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods());
		HttpHeaders headers = new HttpHeaders();
		if (e.getSupportedHttpMethods() != null) {
			headers.setAllow(e.getSupportedHttpMethods());
		}
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(headers)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}
}
