package health.rapport.fhir;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"postgres", "it", "it-postgres"})
@Import(CleanDatabase.class)
class PostgresBadInputIT extends BadInputContract {}
