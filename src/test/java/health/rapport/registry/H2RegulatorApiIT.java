package health.rapport.registry;

import java.time.Duration;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles("it")
class H2RegulatorApiIT extends RegulatorApiContract {

	@Override
	protected Duration suspensionLeavesMatchingWithin() {
		return Duration.ofSeconds(1);
	}
}
