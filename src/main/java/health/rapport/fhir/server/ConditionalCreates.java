package health.rapport.fhir.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * The search a create is conditional on: the client's {@code If-None-Exist}, or else the record's
 * own key from a feature's {@link WriteRules#sameRecord} (a referral resubmitted with the same
 * identifier). Either way the search is narrowed to what the caller may see, so a conditional
 * create never answers with, or reveals, another compartment's record.
 */
@Component
class ConditionalCreates {

	private final ResourceService resources;
	private final AccessGuard access;

	ConditionalCreates(ResourceService resources, AccessGuard access) {
		this.resources = resources;
		this.access = access;
	}

	/** The search to run before creating {@code resource}, or null for an unconditional create. */
	String condition(String type, IBaseResource resource, String ifNoneExist) {
		String condition = ifNoneExist != null ? ifNoneExist
				: resources.rules().stream().filter(r -> r.governs(type)).map(r -> r.sameRecord(type, resource))
						.filter(Objects::nonNull).findFirst().orElse(null);
		if (condition == null) {
			return null;
		}
		Map<String, List<String>> restriction = access.restrict(type);
		if (restriction.isEmpty()) {
			return condition;
		}
		return condition + "&" + restriction.entrySet().stream()
				.flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
				.collect(Collectors.joining("&"));
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}
}
