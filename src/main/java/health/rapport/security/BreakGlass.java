package health.rapport.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * An admin's statement that this one request must reach a record outside the normal
 * compartments, sent as {@code X-Break-Glass: <code> <text>}. The narrow legal exceptions to
 * confidentiality are the codes; the text says why, in the admin's words.
 *
 * @param code one of {@link #CODES}
 * @param text the reason in words, required
 */
public record BreakGlass(String code, String text) {

	public static final String HEADER = "X-Break-Glass";
	static final String REASONS = "https://rapport.health/fhir/CodeSystem/break-glass-reason";
	/** Risk of serious harm to the client or others, abuse of a child, abuse of an elder, an order of a court. */
	public static final Set<String> CODES = Set.of("risk-of-harm", "child-abuse", "elder-abuse", "court-order");

	/** The current request's statement; null when there is none. */
	static String header() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getHeader(HEADER);
		}
		return null;
	}

	/** Parses {@code <code> <text>}; null when the code is not one of {@link #CODES} or the text is missing. */
	static BreakGlass parse(String header) {
		String[] parts = header.trim().split("\\s+", 2);
		if (parts.length < 2 || !CODES.contains(parts[0]) || parts[1].isBlank()) {
			return null;
		}
		return new BreakGlass(parts[0], parts[1].trim());
	}
}
