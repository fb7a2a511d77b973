package health.rapport.registry;

import health.rapport.security.ApiAccess;
import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the registry's controllers. Spring MVC's own failures (an
 * unreadable body, a wrong type, an unsupported media type) are problem details already
 * ({@code spring.mvc.problemdetails.enabled}); these are the rest.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {RegulatorApi.class, PublicCheck.class, RegimeApi.class})
class RegistryProblems {

	@ExceptionHandler(Registrations.NotFound.class)
	ProblemDetail notFound(Registrations.NotFound e) {
		return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
	}

	@ExceptionHandler(ApiAccess.Denied.class)
	ResponseEntity<ProblemDetail> denied(ApiAccess.Denied e) {
		HttpStatus status = HttpStatus.valueOf(e.status());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (e.status() == 401) {
			response.header("WWW-Authenticate", "Bearer realm=\"rapport\"");
		}
		return response.body(problem(status, status == HttpStatus.UNAUTHORIZED ? "Unauthorized" : "Forbidden", e.getMessage()));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException e) {
		return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ProblemDetail invalidBody(MethodArgumentNotValidException e) {
		String detail = e.getBindingResult().getFieldErrors().stream().map(f -> f.getField() + ": " + f.getDefaultMessage())
				.sorted().collect(Collectors.joining("; "));
		return problem(HttpStatus.BAD_REQUEST, "Invalid request body", detail);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ProblemDetail invalid(ConstraintViolationException e) {
		String detail = e.getConstraintViolations().stream()
				.map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage()).sorted().collect(Collectors.joining("; "));
		return problem(HttpStatus.BAD_REQUEST, "Invalid parameter", detail);
	}

	private static String lastNode(String path) {
		int dot = path.lastIndexOf('.');
		return dot < 0 ? path : path.substring(dot + 1);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}
}
