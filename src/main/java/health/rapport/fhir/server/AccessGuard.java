package health.rapport.fhir.server;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Who may do what: consulted for every request and every Bundle entry. The security feature
 * implements it; the FHIR layer only asks.
 */
public interface AccessGuard {

	/** The interactions an access policy tells apart (SMART v2: c, r, u, d, s). */
	enum Interaction {
		CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

		private final char letter;

		Interaction(char letter) {
			this.letter = letter;
		}

		public char letter() {
			return letter;
		}
	}

	/**
	 * Throws (401, 403, or 404 for a record outside the caller's compartment) unless the caller may
	 * do {@code interaction} on {@code type} ({@code id} for an instance, {@code incoming} for a write).
	 */
	void check(Interaction interaction, String type, String id, IBaseResource incoming);

	/** Search parameters to add to a search of {@code type} so that it returns only what the caller may see. */
	Map<String, List<String>> restrict(String type);

	/** Whether the caller may see {@code resource} (false for a record outside its compartment). */
	boolean visible(IBaseResource resource);
}
