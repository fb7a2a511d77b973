package health.rapport.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import health.rapport.matching.Delivery;
import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.DirectorySort;
import health.rapport.matching.Fee;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchResult;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.PractiseRights;
import health.rapport.matching.Professions;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.Registration;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Example;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The {@link ProviderIndex} contract, which every adapter passes (a subclass per adapter),
 * checked against {@link MatchScorer}, the one place the matching formula is written down.
 *
 * <ul>
 * <li>{@link ProviderIndex#match} returns exactly {@link MatchScorer#rank} over the whole
 * directory: the same role ids in the same order, the same scores (within 1e-6) and the same
 * explanations. An index re-scores only the top of its own (float) ranking, so this fails when
 * a filter drops an eligible role or when the compiled score is far enough off to push a true
 * top role out of that pool. Directories share coordinates and waits, so that ties (by role id)
 * are common.
 * <li>Changes carry versions: an older change (upsert or delete) never overwrites a newer one, a
 * replay at the same version applies, and a rebuild replaces the whole content.
 * </ul>
 *
 * Generated profiles respect what the production projection guarantees: proficiencies of 1, 0.7
 * or 0.4, unique role ids, modality families that follow from the modalities, profession families
 * and prescribing that follow from the NUCC code, and practiseIn/telehealthIn derived from the
 * registrations by {@link PractiseRights}.
 */
public abstract class ProviderIndexContract {

	protected static final MatchScorer SCORER = new MatchScorer(MatchWeights.defaults());
	protected static final PractiseRights RIGHTS = PractiseRights.load();

	private static final Map<String, Set<String>> MODALITY_FAMILIES = Map.of(
			"cbt", Set.of("cognitive-behavioural"),
			"tf-cbt", Set.of("cognitive-behavioural", "trauma-focused"),
			"dbt", Set.of("cognitive-behavioural"),
			"emdr", Set.of("trauma-focused"),
			"play-therapy", Set.of("creative-nonverbal"),
			"art-therapy", Set.of("creative-nonverbal"),
			"family-systems", Set.of("systemic"),
			"person-centred", Set.of("humanistic"),
			"medication-management", Set.of("medication"));
	private static final List<String> MODALITIES = List.copyOf(new TreeSet<>(MODALITY_FAMILIES.keySet()));
	private static final List<String> FAMILIES = MODALITY_FAMILIES.values().stream().flatMap(Set::stream).distinct().sorted()
			.toList();
	private static final List<String> POPULATIONS = List.of("children", "adolescents", "adults", "older-adults");
	private static final List<String> FORMATS = List.of("individual", "couple", "family", "group");
	private static final List<String> PROFESSIONS = List.of("103TC0700X", "103T00000X", "2084P0800X", "1041C0700X",
			"101YP2500X", "101Y00000X", "363LP0808X");
	private static final GeoPoint LOS_ANGELES = new GeoPoint(34.05, -118.24);
	private static final GeoPoint NEW_YORK = new GeoPoint(40.71, -74.0);
	/** Shared addresses: many roles get exactly these coordinates, so that distances tie. */
	private static final List<GeoPoint> SHARED_SITES = List.of(LOS_ANGELES, new GeoPoint(34.15, -118.14), NEW_YORK,
			new GeoPoint(40.76, -73.98));

	/** A new, empty index of the adapter under test. */
	protected abstract ProviderIndex open() throws IOException;

	/** Closes the index and removes what it stored. */
	protected abstract void dispose(ProviderIndex index) throws IOException;

	@Property(tries = 120, shrinking = ShrinkingMode.BOUNDED)
	public void matchRanksLikeTheScorer(@ForAll("directories") List<ProviderProfile> directory,
			@ForAll("asks") List<Ask> asks) throws IOException {
		ProviderIndex index = open();
		try {
			index.rebuild(1, directory);
			for (Ask ask : asks) {
				collectWhetherTheScoreMatters(directory, ask);
				assertSameRanking(index.match(ask.request(), ask.count()), SCORER.rank(directory, ask.request(), ask.count()),
						ask);
			}
		} finally {
			dispose(index);
		}
	}

	/**
	 * Matches running at once (an adapter may split one over spare cores, or share caches) rank
	 * exactly as each does alone.
	 */
	@Property(tries = 15, shrinking = ShrinkingMode.OFF)
	public void concurrentMatchesRankAsEachDoesAlone(@ForAll("directories") List<ProviderProfile> directory,
			@ForAll("asks") List<Ask> asks) throws Exception {
		ProviderIndex index = open();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			index.rebuild(1, directory);
			List<List<MatchResult>> alone = new ArrayList<>();
			for (Ask ask : asks) {
				alone.add(index.match(ask.request(), ask.count()));
			}
			List<Future<List<MatchResult>>> together = new ArrayList<>();
			for (int round = 0; round < 4; round++) {
				for (Ask ask : asks) {
					together.add(clients.submit(() -> index.match(ask.request(), ask.count())));
				}
			}
			for (int i = 0; i < together.size(); i++) {
				Ask ask = asks.get(i % asks.size());
				assertSameRanking(together.get(i).get(), alone.get(i % asks.size()), ask);
			}
		} finally {
			clients.shutdownNow();
			dispose(index);
		}
	}

	/**
	 * Directory search: on generated directories and queries (every filter, each order, pages
	 * anywhere), the adapter's page, total and facet counts are exactly {@link DirectoryReference}'s.
	 */
	// Shrinking off: with it, jqwik 1.10 overflowed its stack comparing these nested generators; a failure prints its whole sample.
	@Property(tries = 60, shrinking = ShrinkingMode.OFF)
	public void searchFindsCountsAndOrdersLikeTheReference(@ForAll("directories") List<ProviderProfile> directory,
			@ForAll("directoryQueries") List<DirectoryQuery> queries) throws IOException {
		ProviderIndex index = open();
		try {
			index.rebuild(1, directory);
			for (DirectoryQuery q : queries) {
				DirectoryPage expected = DirectoryReference.search(directory, q);
				DirectoryPage actual = index.search(q);
				Statistics.label("results").collect(expected.total() == 0 ? "none" : expected.hits().isEmpty() ? "past the end" : "some");
				assertThat(actual.total()).as("total for %s", q).isEqualTo(expected.total());
				if (q.sort() == DirectorySort.DISTANCE) {
					assertSameUpToDistanceTies(actual, expected, directory, q);
				} else {
					assertThat(actual.hits().stream().map(h -> h.provider().roleId()).toList()).as("page for %s", q)
							.containsExactlyElementsOf(expected.hits().stream().map(h -> h.provider().roleId()).toList());
					assertThat(actual.hits()).as("hits for %s", q).isEqualTo(expected.hits());
				}
				assertThat(actual.facets()).as("facets for %s", q).isEqualTo(expected.facets());
			}
		} finally {
			dispose(index);
		}
	}

	/**
	 * Both engines measure from coordinates quantised to about a centimetre, so two roles at the same
	 * exact distance (sites placed symmetrically about the point) may come in either order, and
	 * the order of ids breaks only the ties the engine sees. By distance, then: the same distances
	 * position by position (to a metre), every hit a role the query finds, none twice.
	 */
	private static void assertSameUpToDistanceTies(DirectoryPage actual, DirectoryPage expected, List<ProviderProfile> directory,
			DirectoryQuery q) {
		assertThat(actual.hits()).as("page size for %s", q).hasSameSizeAs(expected.hits());
		for (int i = 0; i < expected.hits().size(); i++) {
			Double want = expected.hits().get(i).kilometres();
			Double got = actual.hits().get(i).kilometres();
			if (want == null) {
				assertThat(got).as("distance %d for %s", i, q).isNull();
			} else {
				assertThat(got).as("distance %d for %s", i, q).isNotNull().isCloseTo(want, within(0.001));
			}
			assertThat(DirectoryReference.matches(actual.hits().get(i).provider(), q)).as("hit %d matches %s", i, q).isTrue();
			assertThat(directory).as("hit %d is a role of the directory", i).contains(actual.hits().get(i).provider());
		}
		assertThat(actual.hits().stream().map(h -> h.provider().roleId())).as("no role twice").doesNotHaveDuplicates();
	}

	@Example
	public void searchCountsFacetsOverEveryResultNotOnlyThePage() throws IOException {
		ProviderIndex index = open();
		try {
			index.rebuild(1, List.of(anyone("a", "Ana García"), anyone("b", "Ana Chen"), anyone("c", "Wei Chen")));
			DirectoryQuery chen = new DirectoryQuery("chen", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
					false, null, false, null, null, DirectorySort.RELEVANCE, 0, 1);
			DirectoryPage page = index.search(chen);

			assertThat(page.total()).isEqualTo(2);
			assertThat(page.hits()).extracting(h -> h.provider().name()).containsExactly("Ana Chen");
			assertThat(page.facets().get(DirectoryFacet.LANGUAGE)).containsExactly(Map.entry("en", 2L));
			DirectoryQuery garcia = new DirectoryQuery("ana GARCIA", Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
					Set.of(), false, null, false, null, null, DirectorySort.RELEVANCE, 0, 10);
			assertThat(index.search(garcia).hits()).as("both words first, accents and case ignored")
					.extracting(h -> h.provider().name()).containsExactly("Ana García", "Ana Chen");
		} finally {
			dispose(index);
		}
	}

	@Example
	public void aMaximumFeeKeepsFeesUpToItToTheCentAndTheSlidingScaleFilterKeepsOnlyThoseOfferingOne() throws IOException {
		ProviderIndex index = open();
		try {
			index.rebuild(1, List.of(charging("a", "100", false), charging("b", "100.01", true), charging("c", null, true),
					charging("d", "99.5", true), charging("e", "250", false)));

			assertThat(roleIds(index.search(feeQuery(new BigDecimal("100"), false)))).containsExactly("a", "d");
			assertThat(roleIds(index.search(feeQuery(null, true)))).containsExactly("b", "c", "d");
			assertThat(roleIds(index.search(feeQuery(new BigDecimal("150"), true)))).as("both").containsExactly("b", "d");
			DirectoryPage all = index.search(feeQuery(null, false));
			assertThat(all.facets().get(DirectoryFacet.FEE)).as("cumulative bands").containsExactly(Map.entry("over-200", 1L),
					Map.entry("up-to-100", 2L), Map.entry("up-to-150", 3L), Map.entry("up-to-200", 3L));
			assertThat(all.facets().get(DirectoryFacet.SLIDING_SCALE)).containsExactly(Map.entry("yes", 3L));
			assertThat(index.find("b").orElseThrow().fee()).isEqualTo(new Fee(new BigDecimal("100.01"), "USD"));
		} finally {
			dispose(index);
		}
	}

	private static ProviderProfile charging(String roleId, String fee, boolean slidingScale) {
		ProviderProfile p = withRoleId(anyone("x", roleId), roleId);
		return new ProviderProfile(p.roleId(), p.practitionerId(), p.name(), p.active(), p.acceptingNewClients(), p.professions(),
				p.professionFamilies(), p.prescriber(), p.modalities(), p.modalityFamilies(), p.populations(), p.formats(),
				p.inPerson(), p.virtual(), p.languages(), p.gender(), p.sites(), p.waitDays(), p.registrations(), p.practiseIn(),
				p.telehealthIn(), fee == null ? null : new Fee(new BigDecimal(fee), "USD"), slidingScale);
	}

	private static DirectoryQuery feeQuery(BigDecimal maxFee, boolean slidingScale) {
		return new DirectoryQuery(null, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false, maxFee,
				slidingScale, null, null, DirectorySort.RELEVANCE, 0, 10);
	}

	private static List<String> roleIds(DirectoryPage page) {
		return page.hits().stream().map(h -> h.provider().roleId()).toList();
	}

	@Example
	public void findReadsOneProfileBack() throws IOException {
		ProviderIndex index = open();
		try {
			index.rebuild(1, List.of(anyone("a", "Ana García"), anyone("b", "Wei Chen")));

			assertThat(index.find("b")).hasValue(anyone("b", "Wei Chen"));
			assertThat(index.find("c")).isEmpty();
		} finally {
			dispose(index);
		}
	}

	// ---- changes: versions, deletes, rebuilds ----

	@Example
	public void anOlderChangeNeverOverwritesANewerOne() throws IOException {
		ProviderIndex index = open();
		try {
			index.apply(5, List.of(anyone("a", "Newer")), List.of());
			index.apply(3, List.of(anyone("a", "Older")), List.of());
			assertThat(namesMatched(index)).containsExactly("Newer");

			index.apply(5, List.of(anyone("a", "Replayed")), List.of());
			assertThat(namesMatched(index)).as("the same version again is a replay, applied").containsExactly("Replayed");
		} finally {
			dispose(index);
		}
	}

	@Example
	public void deletesFollowVersionsToo() throws IOException {
		ProviderIndex index = open();
		try {
			index.apply(2, List.of(anyone("a", "A"), anyone("b", "B")), List.of());
			index.apply(1, List.of(), List.of("a"));
			assertThat(namesMatched(index)).as("a stale delete").containsExactly("A", "B");

			index.apply(3, List.of(), List.of("a"));
			assertThat(namesMatched(index)).containsExactly("B");
			assertThat(index.size()).isEqualTo(1);
		} finally {
			dispose(index);
		}
	}

	@Example
	public void aRebuildReplacesEverythingAndLaterChangesApplyOnTop() throws IOException {
		ProviderIndex index = open();
		try {
			index.apply(1, List.of(anyone("a", "A"), anyone("b", "B")), List.of());
			index.rebuild(10, List.of(anyone("c", "C"), anyone("b", "B rebuilt")));
			assertThat(namesMatched(index)).containsExactly("B rebuilt", "C");
			assertThat(index.size()).isEqualTo(2);

			index.apply(9, List.of(anyone("b", "B from before the rebuild")), List.of());
			index.apply(11, List.of(anyone("a", "A again")), List.of());
			assertThat(namesMatched(index)).containsExactly("A again", "B rebuilt", "C");
			assertThat(index.details()).containsEntry("documents", 3L);
		} finally {
			dispose(index);
		}
	}

	/** A video-only adult counsellor registered in US-CA, named {@code name}: what {@link #anyoneInCalifornia} finds. */
	protected static ProviderProfile anyone(String roleId, String name) {
		List<Registration> registrations = List.of(new Registration("US-CA", "registered"));
		return new ProviderProfile(roleId, "practitioner-" + roleId, name, true, true, Set.of("101YP2500X"),
				Set.of("101Y00000X"), false, Set.of("cbt"), Set.of("cognitive-behavioural"), Set.of("adults"), Set.of("individual"),
				false, true, Map.of("en", 1.0), null, List.of(), 14, registrations,
				RIGHTS.practiseIn("101Y00000X", registrations), RIGHTS.telehealthIn("101Y00000X", registrations),
				new Fee(new BigDecimal("120"), "USD"), false);
	}

	protected static MatchRequest anyoneInCalifornia() {
		return new MatchRequest("adults", List.of(), false, "US-CA", null, 40, Set.of(), false, Set.of(), Set.of(), Set.of(), null,
				Delivery.VIRTUAL, false, null, false);
	}

	/** The names of every role the index matches for {@link #anyoneInCalifornia}, in role id order. */
	private static List<String> namesMatched(ProviderIndex index) {
		return index.match(anyoneInCalifornia(), 100).stream().map(MatchResult::provider)
				.sorted(Comparator.comparing(ProviderProfile::roleId)).map(ProviderProfile::name).toList();
	}

	/** A request and how many results it wants. */
	public record Ask(MatchRequest request, int count) {}

	protected static void assertSameRanking(List<MatchResult> actual, List<MatchResult> expected, Ask ask) {
		assertThat(roleIds(actual)).as("role ids for %s", ask).containsExactlyElementsOf(roleIds(expected));
		for (int i = 0; i < expected.size(); i++) {
			MatchResult want = expected.get(i);
			MatchResult got = actual.get(i);
			String id = want.provider().roleId();
			assertThat(got.score()).as("score of %s", id).isCloseTo(want.score(), within(1e-6));
			assertThat(got.explanations()).as("explanations of %s", id).isEqualTo(want.explanations());
			assertThat(got.provider()).as("profile of %s", id).isEqualTo(want.provider());
		}
	}

	/**
	 * The index re-scores its best {@code 4 * count + 32} in double, so the compiled (float) score only decides
	 * anything when more roles are eligible: make sure enough asks are like that.
	 */
	private static void collectWhetherTheScoreMatters(List<ProviderProfile> directory, Ask ask) {
		long eligible = directory.stream().filter(p -> SCORER.exclusion(p, ask.request()) == null).count();
		Statistics.label("more eligible than the index re-scores").collect(eligible > 4L * ask.count() + 32)
				.coverage(coverage -> coverage.check(true).percentage(p -> p >= 8));
	}

	private static List<String> roleIds(List<MatchResult> results) {
		return results.stream().map(r -> r.provider().roleId()).toList();
	}

	// ---- directories and profiles ----

	@Provide
	public Arbitrary<List<ProviderProfile>> directories() {
		return profiles().list().ofMinSize(50).ofMaxSize(400).withSizeDistribution(RandomDistribution.uniform())
				.map(ProviderIndexContract::withUniqueIds);
	}

	/** Enough for every clause to be exercised, and small enough to shrink to a readable counterexample. */
	@Provide
	public Arbitrary<List<ProviderProfile>> smallDirectories() {
		return profiles().list().ofMinSize(1).ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform())
				.map(ProviderIndexContract::withUniqueIds);
	}

	/** Role ids unique, and numbered against the insertion order so that Lucene's doc order is not the tie order. */
	private static List<ProviderProfile> withUniqueIds(List<ProviderProfile> profiles) {
		List<ProviderProfile> renamed = new ArrayList<>(profiles.size());
		for (int i = 0; i < profiles.size(); i++) {
			renamed.add(withRoleId(profiles.get(i), "role-%04d".formatted(profiles.size() - i)));
		}
		return renamed;
	}

	private static ProviderProfile withRoleId(ProviderProfile p, String roleId) {
		return new ProviderProfile(roleId, p.practitionerId(), p.name(), p.active(), p.acceptingNewClients(), p.professions(),
				p.professionFamilies(), p.prescriber(), p.modalities(), p.modalityFamilies(), p.populations(), p.formats(),
				p.inPerson(), p.virtual(), p.languages(), p.gender(), p.sites(), p.waitDays(), p.registrations(), p.practiseIn(),
				p.telehealthIn(), p.fee(), p.slidingScale());
	}

	/** What a role offers. */
	private record Offer(String profession, Set<String> modalities, Set<String> populations, Set<String> formats) {}

	/** Where and how a role sees clients. */
	private record Reach(List<GeoPoint> sites, boolean inPerson, boolean virtual, List<Registration> registrations) {}

	/** The rest: status, languages, gender and wait. */
	private record Person(String name, boolean active, boolean accepting, Map<String, Double> languages, String gender,
			Integer waitDays) {}

	/** What a session costs: the fee (null when not stated) and whether a sliding scale is offered. */
	private record Charge(Fee fee, boolean slidingScale) {}

	@Provide
	public Arbitrary<ProviderProfile> profiles() {
		return Combinators.combine(offers(), reaches(), persons(), charges(), Arbitraries.integers().between(1, 9999))
				.as((offer, reach, person, charge, n) -> profile("role-" + n, offer, reach, person, charge));
	}

	/** Fees mostly on and about the band limits (exactly 100, a cent over), in two currencies; some not stated. */
	private static Arbitrary<Charge> charges() {
		Arbitrary<Fee> fees = Combinators.combine(Arbitraries.of(FEE_AMOUNTS).map(BigDecimal::new), Arbitraries.of("USD", "GBP"))
				.as(Fee::new).injectNull(0.15);
		return Combinators.combine(fees, percent(35)).as(Charge::new);
	}

	private static final List<String> FEE_AMOUNTS = List.of("0", "80", "99.99", "100", "100.00", "100.01", "120.5", "150", "175",
			"200", "200.001", "250", "300");
	/** Maximum fees: the band limits, between them, and their edges. */
	private static final List<String> MAX_FEES = List.of("0", "99.99", "100", "100.005", "150", "199.999", "200", "1000");

	private static ProviderProfile profile(String roleId, Offer o, Reach r, Person p, Charge c) {
		String profession = Professions.professionOf(o.profession());
		Set<String> modalityFamilies = new TreeSet<>();
		o.modalities().forEach(m -> modalityFamilies.addAll(MODALITY_FAMILIES.get(m)));
		return new ProviderProfile(roleId, "practitioner-" + roleId, p.name(), p.active(), p.accepting(),
				Set.of(o.profession()), Set.of(profession), Professions.PRESCRIBERS.contains(o.profession()), o.modalities(),
				modalityFamilies, o.populations(), o.formats(), r.inPerson(), r.virtual(), p.languages(), p.gender(), r.sites(),
				p.waitDays(), r.registrations(), RIGHTS.practiseIn(profession, r.registrations()),
				RIGHTS.telehealthIn(profession, r.registrations()), c.fee(), c.slidingScale());
	}

	private static Arbitrary<Offer> offers() {
		return Combinators.combine(Arbitraries.of(PROFESSIONS), Arbitraries.of(MODALITIES).set().ofMinSize(1).ofMaxSize(3),
				Arbitraries.of(POPULATIONS).set().ofMinSize(1).ofMaxSize(4), Arbitraries.of(FORMATS).set().ofMinSize(1).ofMaxSize(4))
				.as(Offer::new);
	}

	private static Arbitrary<Reach> reaches() {
		Arbitrary<List<Registration>> registrations = Arbitraries.maps(jurisdictions(), registrationStatuses()).ofMinSize(1)
				.ofMaxSize(3).withSizeDistribution(RandomDistribution.uniform())
				.map(byJurisdiction -> new TreeSet<>(byJurisdiction.keySet()).stream()
						.map(j -> new Registration(j, byJurisdiction.get(j))).toList());
		return Combinators.combine(sites().list().ofMaxSize(3), percent(80), percent(70), registrations)
				.as((sites, inPerson, virtual, regs) -> {
					boolean seesInPerson = inPerson && !sites.isEmpty();
					return new Reach(sites, seesInPerson, virtual || !seesInPerson, regs);
				});
	}

	/**
	 * Where roles are registered: mostly California, so that many roles are eligible for a broad referral. US-CO and
	 * US-TX are both in PSYPACT (a psychologist registered in one may see clients in the other by video only);
	 * counsellors need no registration in GB-ENG.
	 */
	private static Arbitrary<String> jurisdictions() {
		return Arbitraries.frequency(Tuple.of(6, "US-CA"), Tuple.of(2, "US-NY"), Tuple.of(2, "US-CO"), Tuple.of(1, "US-TX"),
				Tuple.of(1, "GB-ENG"));
	}

	private static Arbitrary<String> registrationStatuses() {
		return Arbitraries.frequency(Tuple.of(6, "registered"), Tuple.of(2, "registered-with-conditions"),
				Tuple.of(1, "suspended"), Tuple.of(1, "lapsed"), Tuple.of(1, "pending"));
	}

	private static Arbitrary<Person> persons() {
		Arbitrary<Double> proficiency = Arbitraries.of(1.0, 0.7, 0.4);
		Arbitrary<Map<String, Double>> languages = Combinators.combine(proficiency.injectNull(0.1),
				Arbitraries.maps(Arbitraries.of("es", "zh", "ase", "fr"), proficiency).ofMaxSize(2)).as((english, others) -> {
					Map<String, Double> all = new TreeMap<>(others);
					if (english != null || others.isEmpty()) {
						all.put("en", english == null ? 1.0 : english);
					}
					return all;
				});
		Arbitrary<Integer> waitDays = Arbitraries.<Integer>frequencyOf(Tuple.of(3, Arbitraries.of(0, 7, 14, 28)),
				Tuple.of(1, Arbitraries.integers().between(0, 60))).injectNull(0.15);
		Arbitrary<String> names = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(NAME_WORDS).list().ofMinSize(1).ofMaxSize(3)
				.map(w -> String.join(" ", w))), Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
		return Combinators.combine(names, percent(90), percent(85), languages,
				Arbitraries.of("female", "male").injectNull(0.2), waitDays).as(Person::new);
	}

	/** Mostly shared addresses, else anywhere within half a degree of a city. */
	private static Arbitrary<GeoPoint> sites() {
		Arbitrary<Double> offset = Arbitraries.doubles().between(-0.5, 0.5);
		Arbitrary<GeoPoint> nearby = Combinators.combine(Arbitraries.of(LOS_ANGELES, NEW_YORK), offset, offset)
				.as((city, dLat, dLon) -> new GeoPoint(city.lat() + dLat, city.lon() + dLon));
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(SHARED_SITES)), Tuple.of(1, nearby));
	}

	// ---- directory queries ----

	private static final List<String> NAME_WORDS = List.of("Ana", "García", "Chen", "Wei", "José", "Núñez-López", "Smith",
			"O'Brien", "Nguyen");

	/** Who or what is looked for. */
	private record Looking(String text, Set<String> professions, Set<String> modalities, Set<String> populations,
			Set<String> formats, Set<String> languages, BigDecimal maxFee, boolean slidingScale) {}

	/** Where and how, and the page. */
	private record Where(Set<String> jurisdictions, Set<String> delivery, boolean accepting, GeoPoint near, Integer radiusKm,
			DirectorySort sort, int offset, int limit) {}

	@Provide
	public Arbitrary<List<DirectoryQuery>> directoryQueries() {
		return Combinators.combine(lookings(), wheres())
				.as((l, w) -> new DirectoryQuery(l.text(), l.professions(), l.modalities(), l.populations(), l.formats(),
						l.languages(), w.jurisdictions(), w.delivery(), w.accepting(), l.maxFee(), l.slidingScale(), w.near(),
						w.radiusKm() == null ? null : w.radiusKm().doubleValue(), w.sort(), w.offset(), w.limit()))
				.list().ofMinSize(1).ofMaxSize(5);
	}

	private static Arbitrary<Looking> lookings() {
		Arbitrary<String> text = Arbitraries.of(NAME_WORDS).list().ofMinSize(1).ofMaxSize(2).map(w -> String.join(" ", w))
				.injectNull(0.7);
		List<String> professionsAndFamilies = Stream
				.concat(PROFESSIONS.stream(), PROFESSIONS.stream().map(Professions::professionOf)).distinct().toList();
		List<String> modalitiesAndFamilies = Stream.concat(MODALITIES.stream(), FAMILIES.stream()).toList();
		return Combinators.combine(text, sometimes(professionsAndFamilies), sometimes(modalitiesAndFamilies),
				sometimes(POPULATIONS), sometimes(FORMATS), sometimes(List.of("en", "es", "zh", "ase", "fr")),
				Arbitraries.of(MAX_FEES).map(BigDecimal::new).injectNull(0.7), percent(20)).as(Looking::new);
	}

	private static Arbitrary<Where> wheres() {
		Arbitrary<Set<String>> delivery = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Set.<String>of())),
				Tuple.of(1, Arbitraries.of(DirectoryFacet.IN_PERSON, DirectoryFacet.VIDEO).set().ofMinSize(1)));
		Arbitrary<GeoPoint> near = sites().injectNull(0.4);
		return Combinators.combine(sometimes(List.of("US-CA", "US-NY", "US-CO", "US-TX", "GB-ENG")), delivery, percent(30), near,
				Arbitraries.integers().between(1, 80).injectNull(0.5), Arbitraries.of(DirectorySort.values()),
				Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 60))),
				Arbitraries.integers().between(1, 25))
				.as((j, d, accepting, point, km, sort, offset, limit) -> new Where(j, d, accepting, point, point == null ? null : km,
						point == null && sort == DirectorySort.DISTANCE ? DirectorySort.WAIT : sort, offset, limit));
	}

	/** Mostly no filter on this field, else one or two values. */
	private static Arbitrary<Set<String>> sometimes(List<String> values) {
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Set.<String>of())),
				Tuple.of(1, Arbitraries.of(values).set().ofMinSize(1).ofMaxSize(2)));
	}

	// ---- requests ----

	/** Who the client is. */
	private record Client(String population, List<String> languages, boolean interpreterNeeded, String preferredGender) {}

	/** Where and how the client can be seen. */
	private record Place(String jurisdiction, GeoPoint location, double radiusKm, Delivery delivery) {}

	/** What the referral asks for. */
	private record Need(Set<String> professions, boolean prescriberNeeded, Set<String> modalities, Set<String> modalityFamilies,
			Set<String> conditionModalities, String format, boolean urgent) {}

	/** A few asks per directory: building the index costs more than asking it. */
	@Provide
	public Arbitrary<List<Ask>> asks() {
		Arbitrary<Integer> counts = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(1, 5)),
				Tuple.of(1, Arbitraries.integers().between(6, 20)));
		return Combinators.combine(requests(), counts).as(Ask::new).list().ofMinSize(1).ofMaxSize(4)
				.withSizeDistribution(RandomDistribution.uniform());
	}

	@Provide
	public Arbitrary<MatchRequest> requests() {
		return Combinators.combine(clients(), places(), needs())
				.as((c, p, n) -> new MatchRequest(c.population(), c.languages(), c.interpreterNeeded(), p.jurisdiction(),
						p.location(), p.radiusKm(), n.professions(), n.prescriberNeeded(), n.modalities(), n.modalityFamilies(),
						n.conditionModalities(), n.format(), p.delivery(), n.urgent(), c.preferredGender(),
						nonverbal(n.modalities())));
	}

	/** As the referral reader sets it: every requested modality works without spoken language. */
	private static boolean nonverbal(Set<String> requested) {
		return !requested.isEmpty() && requested.stream().allMatch(m -> MODALITY_FAMILIES.get(m).contains("creative-nonverbal"));
	}

	private static Arbitrary<Client> clients() {
		return Combinators.combine(Arbitraries.of(POPULATIONS).injectNull(0.7),
				languages().list().uniqueElements().ofMaxSize(2), percent(30),
				Arbitraries.of("female", "male").injectNull(0.6)).as(Client::new);
	}

	private static Arbitrary<String> languages() {
		return Arbitraries.frequency(Tuple.of(4, "en"), Tuple.of(2, "es"), Tuple.of(1, "zh"), Tuple.of(1, "ase"));
	}

	private static Arbitrary<Place> places() {
		Arbitrary<String> jurisdiction = Arbitraries.frequency(Tuple.of(5, "US-CA"), Tuple.of(2, "US-NY"), Tuple.of(2, "US-TX"),
				Tuple.of(1, "US-CO"), Tuple.of(1, "GB-ENG"));
		Arbitrary<Delivery> delivery = Arbitraries.frequency(Tuple.of(3, Delivery.EITHER), Tuple.of(1, Delivery.IN_PERSON),
				Tuple.of(1, Delivery.VIRTUAL));
		return Combinators.combine(jurisdiction, sites().injectNull(0.4), Arbitraries.integers().between(5, 60),
				Arbitraries.integers().between(0, 1).injectNull(0.6), delivery)
				.as((j, location, km, edge, d) -> new Place(j, location, radiusKm(location, km, edge), d));
	}

	/**
	 * Mostly a whole number of kilometres; sometimes exactly as far as one of the shared sites near the client: the very
	 * edge of the radius, which many roles share.
	 */
	private static double radiusKm(GeoPoint location, int km, Integer edge) {
		List<Double> reachable = location == null || edge == null ? List.of()
				: SHARED_SITES.stream().map(location::kilometresTo).filter(d -> d >= 5 && d <= 60).toList();
		return reachable.isEmpty() ? km : reachable.get(edge % reachable.size());
	}

	private static Arbitrary<Need> needs() {
		List<String> professionsAndFamilies = Stream
				.concat(PROFESSIONS.stream(), PROFESSIONS.stream().map(Professions::professionOf)).distinct().toList();
		return Combinators.combine(
				Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Set.<String>of())),
						Tuple.of(1, Arbitraries.of(professionsAndFamilies).set().ofMinSize(1).ofMaxSize(2))),
				percent(5), Arbitraries.of(MODALITIES).set().ofMaxSize(3), Arbitraries.of(FAMILIES).set().ofMaxSize(2),
				Arbitraries.of(MODALITIES).set().ofMaxSize(2), Arbitraries.of(FORMATS).injectNull(0.8), percent(20))
				.as(Need::new);
	}

	private static Arbitrary<Boolean> percent(int percentTrue) {
		return Arbitraries.frequency(Tuple.of(percentTrue, true), Tuple.of(100 - percentTrue, false));
	}
}
