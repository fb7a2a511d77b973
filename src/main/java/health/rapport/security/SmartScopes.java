package health.rapport.security;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMART on FHIR system scopes: v2 ({@code system/Task.rus}, {@code system/*.cruds}) and the v1
 * forms ({@code system/Task.read}, {@code .write}, {@code .*}). A scope grants letters c, r, u,
 * d, s on one resource type or on all ({@code *}).
 */
public final class SmartScopes {

	private static final Pattern SCOPE = Pattern.compile("system/([A-Za-z]+|\\*)\\.(c?r?u?d?s?|read|write|\\*)");

	private SmartScopes() {}

	/** Whether any of {@code scopes} grants {@code letter} on {@code type}. */
	public static boolean grants(Collection<String> scopes, String type, char letter) {
		return scopes.stream().anyMatch(scope -> grants(scope, type, letter));
	}

	static boolean grants(String scope, String type, char letter) {
		Matcher m = SCOPE.matcher(scope);
		if (!m.matches() || !(m.group(1).equals("*") || m.group(1).equals(type))) {
			return false;
		}
		String letters = switch (m.group(2)) {
			case "read" -> "rs";
			case "write" -> "cud";
			case "*" -> "cruds";
			default -> m.group(2);
		};
		return letters.indexOf(letter) >= 0;
	}
}
