package health.rapport.security;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A client assertion without a {@code client_id} parameter, as SMART Backend Services clients
 * send it: the client is the assertion's (not yet verified) {@code iss}, and the assertion is
 * then verified against that client's registered keys. With a {@code client_id}, Spring's own
 * converter handles the request.
 */
class ClientAssertionConverter implements AuthenticationConverter {

	private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	@Override
	public Authentication convert(HttpServletRequest request) {
		String type = request.getParameter("client_assertion_type");
		String assertion = request.getParameter("client_assertion");
		if (!JWT_BEARER.equals(type) || assertion == null || request.getParameter("client_id") != null) {
			return null;
		}
		String clientId;
		try {
			clientId = SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
		} catch (ParseException e) {
			return null;
		}
		if (clientId == null) {
			return null;
		}
		Map<String, Object> parameters = new HashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!name.startsWith("client_assertion")) {
				parameters.put(name, values.length == 1 ? values[0] : values);
			}
		});
		return new OAuth2ClientAuthenticationToken(clientId, new ClientAuthenticationMethod(JWT_BEARER), assertion, parameters);
	}
}
