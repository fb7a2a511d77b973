package health.rapport.directory.demo;

import health.rapport.directory.demo.ReferenceData.City;
import health.rapport.directory.demo.ReferenceData.Weighted;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;

/**
 * A deterministic synthetic therapist directory of any size, drawn from real names, cities and
 * NUCC codes: the same seed and size always give the same resources, with the same ids. Demo
 * start-up, tests and benchmarks all load it.
 */
public final class DemoDirectory {

	public static final long DEFAULT_SEED = 20261128L;
	private static final String[] STREETS = {"Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Park Rd",
			"Lake View Blvd", "High St", "Church Rd", "King St", "Queen St", "Station Rd"};
	private static final String[] PRACTICE_WORDS = {"Mindful Path", "Harbor", "Clearwater", "Bridgeway", "Willow",
			"Open Door", "Northstar", "Sage", "Lighthouse", "Riverside", "Kindred", "Haven"};

	private final ReferenceData data;
	private final long seed;
	private final int practitioners;
	private final List<Practice> practices;

	public DemoDirectory(ReferenceData data, long seed, int practitioners) {
		this.data = data;
		this.seed = seed;
		this.practitioners = practitioners;
		this.practices = practices(Math.max(10, practitioners / 8));
	}

	public int practitionerCount() {
		return practitioners;
	}

	/** Everything practitioners refer to: areas, regulators, networks, systems and practices. */
	public List<Resource> infrastructure() {
		return infrastructureStream().toList();
	}

	/**
	 * {@link #infrastructure()}, each practice's resources made only when reached: a large
	 * directory's practices (12,500 at 100,000 practitioners) need not be in memory at once.
	 */
	public Stream<Resource> infrastructureStream() {
		List<Resource> shared = new ArrayList<>(DemoInfrastructure.areasAndRegulators());
		shared.addAll(DemoInfrastructure.networksAndSystems());
		return Stream.concat(shared.stream(), practices.stream()
				.flatMap(p -> DemoInfrastructure.practice(p, new Draws(seed ^ (p.index() * 7919L))).stream()));
	}

	/** Practitioner number {@code index}, their role and their registration check. */
	public List<Resource> practitioner(int index) {
		Draws draws = new Draws(seed * 31 + index);
		Practice practice = practices.get(index % practices.size());
		return new DemoPractitioner(data, draws, index, practice).resources();
	}

	public Stream<Resource> all() {
		return Stream.concat(infrastructureStream(),
				IntStream.range(0, practitioners).boxed().flatMap(i -> practitioner(i).stream()));
	}

	private List<Practice> practices(int count) {
		Draws draws = new Draws(seed);
		Map<String, List<Weighted<City>>> citiesByJurisdiction = data.cities().stream()
				.collect(Collectors.groupingBy(City::jurisdiction,
						Collectors.mapping(c -> new Weighted<>(c, Math.sqrt(c.population())), Collectors.toList())));
		List<Weighted<Jurisdiction>> jurisdictions = Jurisdiction.DEMO.stream()
				.map(j -> new Weighted<>(j, j.weight())).toList();
		List<Practice> result = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			// The first practices cover every jurisdiction once, so that each has a practice.
			Jurisdiction j = i < Jurisdiction.DEMO.size() ? Jurisdiction.DEMO.get(i) : draws.weighted(jurisdictions);
			City city = draws.weighted(citiesByJurisdiction.get(j.code()));
			String name = draws.any(List.of(PRACTICE_WORDS)) + " " + draws.any(List.of("Counseling", "Psychology",
					"Therapy Associates", "Mental Health Clinic", "Wellbeing Centre", "Family Therapy"));
			String street = draws.between(1, 2999) + " " + draws.any(List.of(STREETS));
			result.add(new Practice(i, name, city, round(city.lat() + draws.jitter(0.04)),
					round(city.lon() + draws.jitter(0.04)), street, postalCode(city, draws)));
		}
		return result;
	}

	private static String postalCode(City city, Draws draws) {
		return switch (city.country()) {
			case "US" -> String.format(Locale.ROOT, "%05d", draws.between(1000, 99950));
			case "GB" -> "X" + draws.between(1, 99) + " " + draws.between(1, 9) + "ZZ";
			case "CA" -> "X" + draws.between(0, 9) + "X " + draws.between(0, 9) + "X" + draws.between(0, 9);
			default -> Integer.toString(draws.between(2000, 3999));
		};
	}

	private static double round(double degrees) {
		return Math.round(degrees * 1e5) / 1e5;
	}

}
