package health.rapport.security;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /fhir/.well-known/smart-configuration} (SMART App Launch 2.x, Backend Services): where to
 * get a token, how clients authenticate, and which scopes exist.
 */
class SmartConfigurationServlet extends HttpServlet {

	static final List<String> SCOPES = List.of("system/*.rs", "system/Practitioner.cruds",
			"system/PractitionerRole.cruds", "system/Organization.cruds", "system/Location.cruds",
			"system/HealthcareService.cruds", "system/Endpoint.cruds", "system/VerificationResult.cruds",
			"system/Patient.cruds", "system/ServiceRequest.cruds", "system/Task.cruds", "system/AuditEvent.rs",
			"system/*.cruds");

	private final transient SecurityProperties properties;

	SmartConfigurationServlet(SecurityProperties properties) {
		this.properties = properties;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String base = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
				+ request.getContextPath();
		String tokenEndpoint = properties.embeddedIssuer() ? base + "/oauth2/token" : properties.externalTokenEndpoint();
		String issuer = properties.embeddedIssuer() ? properties.issuer() : null;
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write("{" + (issuer == null ? "" : "\"issuer\":\"" + issuer + "\",")
				+ "\"token_endpoint\":\"" + tokenEndpoint + "\","
				+ "\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\",\"client_secret_basic\"],"
				+ "\"token_endpoint_auth_signing_alg_values_supported\":[\"RS384\",\"ES384\"],"
				+ "\"grant_types_supported\":[\"client_credentials\"],"
				+ "\"scopes_supported\":[" + SCOPES.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",")) + "],"
				+ "\"capabilities\":[\"client-confidential-asymmetric\",\"permission-v1\",\"permission-v2\"]}");
	}
}
