package health.rapport.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;

/** The Da Vinci Plan-Net server CapabilityStatement (HL7, CC0), as the bar Rapport's directory meets. */
final class PlanNet {

	static final Set<String> SERVED = Set.of("Practitioner", "PractitionerRole", "Organization", "Location",
			"HealthcareService", "Endpoint");

	private PlanNet() {}

	static List<CapabilityStatementRestResourceComponent> servedResources() {
		try (InputStream in = PlanNet.class.getResourceAsStream("/ig-examples/plan-net/capabilitystatement-plan-net.json")) {
			CapabilityStatement cs = FhirIT.CLIENT_CONTEXT.newJsonParser().parseResource(CapabilityStatement.class, in);
			return cs.getRestFirstRep().getResource().stream().filter(r -> SERVED.contains(r.getType())).toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Whether an include such as "HealthcareService:location" starts from a served type. */
	static boolean fromServedType(String include) {
		return SERVED.contains(include.split(":")[0]);
	}
}
