package health.rapport.directory.api;

import health.rapport.matching.DirectoryQuery.InvalidDirectoryQuery;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.stream.Collectors;

/**
 * RFC 9457 problem details for the directory API: Spring MVC's own for what it rejects, and for
 * a bad parameter always a 400 whose {@code parameter} property names it and whose detail says why.
 */
@RestControllerAdvice(assignableTypes = ListingsController.class)
class DirectoryProblems extends ResponseEntityExceptionHandler {

	static final String PARAMETER = "parameter";

	@ExceptionHandler(InvalidDirectoryQuery.class)
	ProblemDetail invalidQuery(InvalidDirectoryQuery e) {
		return badParameter(e.parameter(), e.getMessage());
	}

	/** The generated interface's constraints (minimum, maximum, length), checked by method validation. */
	@ExceptionHandler(ConstraintViolationException.class)
	ProblemDetail constraintViolated(ConstraintViolationException e) {
		ConstraintViolation<?> first = e.getConstraintViolations().iterator().next();
		String name = null;
		for (Path.Node node : first.getPropertyPath()) {
			name = node.getName();
		}
		return badParameter(name, name + ": " + first.getMessage());
	}

	@ExceptionHandler(ListingsController.ListingNotFound.class)
	ProblemDetail notFound(ListingsController.ListingNotFound e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
		problem.setTitle("Listing not found");
		return problem;
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
		String type = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName().toLowerCase();
		return ResponseEntity.badRequest().body(badParameter(name, name + ": '" + e.getValue() + "' is not a valid " + type));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ParameterValidationResult first = e.getParameterValidationResults().get(0);
		String name = first.getMethodParameter().getParameterName();
		String why = first.getResolvableErrors().stream().map(MessageSourceResolvable::getDefaultMessage)
				.collect(Collectors.joining("; "));
		return ResponseEntity.badRequest().body(badParameter(name, name + ": " + why));
	}

	private static ProblemDetail badParameter(String parameter, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Bad parameter");
		problem.setProperty(PARAMETER, parameter);
		return problem;
	}
}
