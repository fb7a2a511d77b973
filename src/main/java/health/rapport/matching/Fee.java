package health.rapport.matching;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The usual fee for one individual session, in the currency the role states (the currency of the
 * jurisdiction it practises in). Directory search compares fees to the cent and never converts
 * currencies: "up to 150" means 150 in each role's own currency.
 *
 * @param amount not negative, never null
 * @param currency ISO 4217 code, never null
 */
public record Fee(BigDecimal amount, String currency) {

	/** Large enough for any session fee, small enough for cents to fit a long. */
	public static final BigDecimal MAX = new BigDecimal("1000000000");
	private static final BigDecimal ONE_CENT = new BigDecimal("0.01");
	private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

	public Fee {
		Objects.requireNonNull(amount, "amount");
		if (amount.signum() < 0 || amount.compareTo(MAX) > 0) {
			throw new IllegalArgumentException("A fee must be between 0 and " + MAX + ": " + amount);
		}
		if (currency == null || !ISO_4217.matcher(currency).matches()) {
			throw new IllegalArgumentException("A fee needs an ISO 4217 currency: " + currency);
		}
	}

	/** The amount in cents, rounded up: a fee is within a limit when {@code cents() <= limitCents}. */
	public long cents() {
		return amount.movePointRight(2).setScale(0, RoundingMode.CEILING).longValueExact();
	}

	/** A limit in cents, rounded down, for {@link #cents()} to be compared with. */
	public static long limitCents(BigDecimal limit) {
		// Below a cent the limit is 0 cents; rounding 1e-999999999 itself would take a billion digits.
		if (limit.compareTo(ONE_CENT) < 0) {
			return 0;
		}
		return limit.movePointRight(2).setScale(0, RoundingMode.FLOOR).longValueExact();
	}

	/** Whether the fee is at most {@code limit} (to the cent). */
	public boolean atMost(BigDecimal limit) {
		return cents() <= limitCents(limit);
	}
}
