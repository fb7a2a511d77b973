package health.rapport.registry;

import health.rapport.fhir.CleanDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"postgres", "it", "it-postgres"})
@Import(CleanDatabase.class)
class PostgresRegulatorApiIT extends RegulatorApiContract {}
