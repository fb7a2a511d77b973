package health.rapport.security;

import java.util.Locale;

/** What an API client is, which decides what it may act for. */
public enum ClientKind {
	/** A primary-care EHR: acts for its Organization, sends referrals. */
	EHR,
	/** A practice: acts for its PractitionerRoles, keeps them current and answers referral offers. */
	PRACTICE,
	/** A regulator: acts for its jurisdictions (ISO 3166-2), publishes registrations. */
	REGULATOR,
	/** Rapport's operators: write anything, read the audit trail. */
	ADMIN;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static ClientKind of(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}
}
