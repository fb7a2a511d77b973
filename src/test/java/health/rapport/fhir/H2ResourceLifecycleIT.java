package health.rapport.fhir;

import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles("it")
class H2ResourceLifecycleIT extends ResourceLifecycleContract {}
