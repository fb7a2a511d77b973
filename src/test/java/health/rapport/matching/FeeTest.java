package health.rapport.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FeeTest {

	@Test
	void limitsAreWholeCentsRoundedDownEvenForAbsurdlySmallOnes() {
		assertThat(Fee.limitCents(new BigDecimal("12.349"))).isEqualTo(1234);
		assertThat(Fee.limitCents(new BigDecimal("0.01"))).isEqualTo(1);
		assertThat(Fee.limitCents(new BigDecimal("0.009"))).isZero();
		// A site visitor's maxFee=1e-999999999: rounded as it is, it overflowed BigInteger (a 500).
		assertThat(Fee.limitCents(new BigDecimal("1e-999999999"))).isZero();
	}

	@Test
	void feesAreWholeCentsRoundedUp() {
		assertThat(new Fee(new BigDecimal("12.341"), "USD").cents()).isEqualTo(1235);
		assertThat(new Fee(new BigDecimal("12.341"), "USD").atMost(new BigDecimal("12.35"))).isTrue();
	}
}
