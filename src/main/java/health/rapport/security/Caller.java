package health.rapport.security;

import java.util.List;
import java.util.Set;

/**
 * Who is calling: the client a valid token names, with the scopes the token grants; or nobody.
 *
 * @param clientId the token's subject; null when anonymous
 * @param kind the registered client's kind; null when anonymous or not registered here
 * @param breakGlass an admin's break-glass statement for this request; null when none was made
 */
public record Caller(String clientId, ClientKind kind, List<String> actsFor, Set<String> scopes, BreakGlass breakGlass) {

	public static final Caller ANONYMOUS = new Caller(null, null, List.of(), Set.of(), null);

	public boolean anonymous() {
		return clientId == null;
	}

	public boolean is(ClientKind other) {
		return kind == other;
	}

	/** For audit and logs: the client id and kind, never anything else. */
	public String describe() {
		return anonymous() ? "anonymous" : clientId + " (" + (kind == null ? "unregistered" : kind.code()) + ")";
	}
}
