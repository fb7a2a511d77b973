package health.rapport.registry;

import health.rapport.registry.Register.Stored;
import health.rapport.registry.api.PublicCheckApi;
import health.rapport.registry.api.dto.PublicRegistrationDto;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;

/**
 * The anonymous registration check: name, profession, status, conditions and when it was last
 * verified — what the public or an employer needs, and not the NPI, history or FHIR links.
 */
@RestController
class PublicCheck implements PublicCheckApi {

	/** NUCC display names of DESIGN.md's professions. */
	private static final Map<String, String> PROFESSIONS = Map.ofEntries(Map.entry("2084P0800X", "Psychiatrist"),
			Map.entry("2084P0804X", "Child & adolescent psychiatrist"), Map.entry("103T00000X", "Psychologist"),
			Map.entry("103TC0700X", "Clinical psychologist"), Map.entry("103TC1900X", "Counseling psychologist"),
			Map.entry("103TC2200X", "Clinical child & adolescent psychologist"),
			Map.entry("163WP0808X", "Psychiatric/mental health registered nurse"),
			Map.entry("363LP0808X", "Psychiatric/mental health nurse practitioner"),
			Map.entry("364SP0808X", "Psychiatric/mental health clinical nurse specialist"),
			Map.entry("1041C0700X", "Clinical social worker"), Map.entry("106H00000X", "Marriage & family therapist"),
			Map.entry("101Y00000X", "Counselor"), Map.entry("101YP2500X", "Professional counselor"),
			Map.entry("101YM0800X", "Mental health counselor"));

	private final Registrations registrations;

	PublicCheck(Registrations registrations) {
		this.registrations = registrations;
	}

	@Override
	public ResponseEntity<PublicRegistrationDto> checkRegistration(String jurisdiction, String number) {
		Stored stored = registrations.get(jurisdiction, number);
		Registration r = stored.registration();
		PublicRegistrationDto check = new PublicRegistrationDto(r.jurisdiction(), r.number(), r.displayName(), r.profession(),
				RegulatorApi.dto(r.status()), RegulatorApi.time(stored.lastVerified()))
				.professionDisplay(PROFESSIONS.get(r.profession())).conditions(r.conditions());
		// A status can change at any moment: caches must ask again.
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(check);
	}
}
