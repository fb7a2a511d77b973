package health.rapport.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who may do what, as one table: each row gives a client kind (or anyone, token or not), resource
 * types, SMART interaction letters (c r u d s) and the rule that then applies. The first row that
 * matches decides; no row means 401 for an anonymous caller and 403 for a client. Except for
 * {@link Rule#PUBLIC}, the token must also carry a scope granting the letter on the type.
 */
final class AccessPolicy {

	/** What a matching row still requires. */
	enum Rule {
		/** Nothing: no token, no scope. */
		PUBLIC,
		/** The scope only. */
		ANY,
		/** The record is in the caller's compartment (else 404), and so is what it writes (else 403). */
		COMPARTMENT,
		/** The PractitionerRole is one the practice acts for. */
		OWN_ROLE,
		/** The VerificationResult's jurisdiction, before and after the write, is one the regulator acts for. */
		OWN_JURISDICTION
	}

	record Row(ClientKind kind, Set<String> types, String letters, Rule rule) {

		boolean matches(ClientKind caller, String type, char letter) {
			return (kind == null || kind == caller) && types.contains(type) && letters.indexOf(letter) >= 0;
		}
	}

	static final Set<String> CONFORMANCE = Set.of("StructureDefinition", "CodeSystem", "ValueSet", "SearchParameter",
			"OperationDefinition");
	static final Set<String> DIRECTORY = Set.of("Practitioner", "PractitionerRole", "Organization", "Location",
			"HealthcareService", "Endpoint", "VerificationResult");
	/** What an EHR may send with a referral, about its patient: PHI, seen by a practice once it accepts. */
	static final Set<String> SUPPORTING = Set.of("Condition", "Coverage", "DocumentReference");
	/** Types that carry PHI: visible only inside their compartment. */
	static final Set<String> PHI = union(Set.of("Patient", "ServiceRequest", "Task"), SUPPORTING);
	static final Set<String> AUDIT = Set.of("AuditEvent");
	/** Subscriptions name endpoints and may carry their credentials: created by clients, read back by admin only. */
	static final Set<String> SUBSCRIPTION = Set.of("Subscription");

	static final List<Row> TABLE = List.of(
			new Row(null, union(DIRECTORY, CONFORMANCE), "rs", Rule.PUBLIC),
			new Row(ClientKind.EHR, PHI, "rs", Rule.COMPARTMENT),
			new Row(ClientKind.EHR, Set.of("ServiceRequest", "Task"), "cud", Rule.COMPARTMENT),
			new Row(ClientKind.EHR, union(Set.of("Patient"), SUPPORTING), "c", Rule.ANY),
			new Row(ClientKind.EHR, union(Set.of("Patient"), SUPPORTING), "ud", Rule.COMPARTMENT),
			new Row(ClientKind.PRACTICE, Set.of("PractitionerRole"), "u", Rule.OWN_ROLE),
			new Row(ClientKind.PRACTICE, PHI, "rs", Rule.COMPARTMENT),
			new Row(ClientKind.PRACTICE, Set.of("Task"), "u", Rule.COMPARTMENT),
			new Row(ClientKind.REGULATOR, Set.of("VerificationResult"), "cud", Rule.OWN_JURISDICTION),
			new Row(ClientKind.EHR, SUBSCRIPTION, "c", Rule.ANY),
			new Row(ClientKind.REGULATOR, SUBSCRIPTION, "c", Rule.ANY),
			new Row(ClientKind.PRACTICE, SUBSCRIPTION, "c", Rule.ANY),
			new Row(ClientKind.ADMIN, union(union(DIRECTORY, PHI), SUBSCRIPTION), "cud", Rule.ANY),
			new Row(ClientKind.ADMIN, SUBSCRIPTION, "rs", Rule.ANY),
			new Row(ClientKind.ADMIN, PHI, "rs", Rule.COMPARTMENT),
			new Row(ClientKind.ADMIN, AUDIT, "rs", Rule.ANY));

	private AccessPolicy() {}

	/** The rule for {@code letter} on {@code type} by a caller of {@code kind} (null: anonymous or unregistered). */
	static Optional<Rule> rule(ClientKind kind, String type, char letter) {
		return TABLE.stream().filter(row -> row.matches(kind, type, letter)).map(Row::rule).findFirst();
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		return Stream.concat(a.stream(), b.stream()).collect(Collectors.toUnmodifiableSet());
	}
}
