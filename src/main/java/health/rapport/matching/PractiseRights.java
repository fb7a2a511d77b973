package health.rapport.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Where a practitioner may see clients: the regulation regime of each profession in each
 * jurisdiction and the interstate compacts, from {@code matching/*.csv} on the classpath.
 */
public final class PractiseRights {

	/** Statuses that bar practice even where no licence is required. */
	private static final Set<String> STRUCK_OFF = Set.of("suspended", "revoked");

	private final Map<String, String> regimes = new ConcurrentHashMap<>();
	private final Map<String, Set<String>> compactMembers = new HashMap<>();
	private final Set<String> knownJurisdictions = new ConcurrentSkipListSet<>();

	public static PractiseRights load() {
		PractiseRights rights = new PractiseRights();
		for (String[] row : rows("matching/regulation-regimes.csv")) {
			rights.regimes.put(row[0] + "|" + row[1], row[2]);
			if (!row[0].equals("*")) {
				rights.knownJurisdictions.add(row[0]);
			}
		}
		for (String[] row : rows("matching/interstate-compacts.csv")) {
			rights.compactMembers.put(row[1], Set.of(row[2].trim().split("\\s+")));
		}
		return rights;
	}

	/** Every row of the regime table, as "jurisdiction|profession" to regime. */
	public Map<String, String> regimes() {
		return new TreeMap<>(regimes);
	}

	/**
	 * Changes one row of the regime table (an admin's decision, applied over the data file's
	 * defaults). Profiles projected before keep their rights until they are projected again.
	 */
	public void setRegime(String jurisdiction, String profession, String regime) {
		if (!Set.of("statutory", "voluntary", "none").contains(regime)) {
			throw new IllegalArgumentException("regime must be statutory, voluntary or none, not " + regime);
		}
		regimes.put(jurisdiction + "|" + profession, regime);
		if (!jurisdiction.equals("*")) {
			knownJurisdictions.add(jurisdiction);
		}
	}

	/** statutory, voluntary or none. */
	public String regime(String jurisdiction, String profession) {
		for (String key : List.of(jurisdiction + "|" + profession, jurisdiction + "|*", "*|" + profession, "*|*")) {
			String regime = regimes.get(key);
			if (regime != null) {
				return regime;
			}
		}
		return "statutory";
	}

	/**
	 * Where the holder of these registrations may practise in person: a current registration, or
	 * no licence needed — unless a register there has suspended or struck them off.
	 */
	public Set<String> practiseIn(String profession, List<Registration> registrations) {
		Set<String> where = new TreeSet<>();
		registrations.stream().filter(Registration::mayPractise).forEach(r -> where.add(r.jurisdiction()));
		Set<String> barred = new TreeSet<>();
		registrations.stream().filter(r -> STRUCK_OFF.contains(r.status())).forEach(r -> barred.add(r.jurisdiction()));
		knownJurisdictions.stream().filter(j -> !regime(j, profession).equals("statutory") && !barred.contains(j))
				.forEach(where::add);
		return where;
	}

	/** Where they may practise by telehealth: in person rights, plus a compact's member states. */
	public Set<String> telehealthIn(String profession, List<Registration> registrations) {
		Set<String> where = practiseIn(profession, registrations);
		Set<String> members = compactMembers.getOrDefault(profession, Set.of());
		// Compacts ask for an unrestricted home licence: conditions do not carry over.
		boolean homeIsMember = registrations.stream()
				.anyMatch(r -> r.mayPractise() && !r.withConditions() && members.contains(r.jurisdiction()));
		if (homeIsMember) {
			where.addAll(members);
		}
		return where;
	}

	private static List<String[]> rows(String resource) {
		try (InputStream in = PractiseRights.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + resource);
			}
			List<String[]> rows = new ArrayList<>();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isBlank() && !line.startsWith("#")) {
					rows.add(line.split(",", 3));
				}
			}
			return rows;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
