package health.rapport.registry;

import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles("it")
class H2RegulatorApiIT extends RegulatorApiContract {}
