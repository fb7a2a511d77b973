package health.rapport.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import health.rapport.matching.Delivery;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchResult;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.MatchWeights;
import health.rapport.matching.PractiseRights;
import health.rapport.matching.Professions;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.Registration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;

/**
 * Properties of the Lucene provider index, checked against {@link MatchScorer}, the one place the
 * matching formula is written down.
 *
 * <ul>
 * <li>{@link LuceneProviderIndex#match} returns exactly {@link MatchScorer#rank} over the whole
 * directory: the same role ids in the same order, the same scores (within 1e-6) and the same
 * explanations. That is the {@link health.rapport.matching.ProviderIndex} contract. The index
 * re-scores only the top of its own (float) ranking, so this fails when a filter drops an
 * eligible role or when the compiled score is far enough off to push a true top role out of
 * that pool. Directories share coordinates and waits, so that ties (by role id) are common.
 * <li>The compiled query, clause by clause: it matches every role the scorer finds eligible and
 * (away from the edge of the radius, where Lucene's centimetre-quantised coordinates cannot
 * agree with an exact haversine) no other, with the scorer's weighted sum as its score. This
 * catches a wrong clause even when the re-scoring pool hides it.
 * <li>{@link ProfileCodec} decodes what it encoded, since re-scoring reads profiles back from it.
 * </ul>
 *
 * Generated profiles respect what the production projection guarantees: proficiencies of 1, 0.7
 * or 0.4, unique role ids, modality families that follow from the modalities, profession families
 * and prescribing that follow from the NUCC code, and practiseIn/telehealthIn derived from the
 * registrations by {@link PractiseRights}.
 */
class LuceneProviderIndexPropertiesTest {

	private static final MatchScorer SCORER = new MatchScorer(MatchWeights.defaults());
	private static final PractiseRights RIGHTS = PractiseRights.load();

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

	@Property(tries = 120, shrinking = ShrinkingMode.BOUNDED)
	void matchRanksLikeTheScorer(@ForAll("directories") List<ProviderProfile> directory,
			@ForAll("asks") List<Ask> asks) throws IOException {
		Path path = Files.createTempDirectory("lucene-provider-index");
		try (LuceneProviderIndex index = LuceneProviderIndex.open(SCORER, path)) {
			index.rebuild(directory);
			for (Ask ask : asks) {
				collectWhetherTheScoreMatters(directory, ask);
				assertSameRanking(index.match(ask.request(), ask.count()), SCORER.rank(directory, ask.request(), ask.count()),
						ask);
			}
		} finally {
			deleteRecursively(path);
		}
	}

	@Property(tries = 100)
	void compiledQueryScoresLikeTheScorer(@ForAll("smallDirectories") List<ProviderProfile> directory,
			@ForAll("requests") MatchRequest request) throws IOException {
		Map<String, Double> expected = new TreeMap<>();
		for (ProviderProfile p : directory) {
			SCORER.score(p, request).ifPresent(r -> expected.put(p.roleId(), unnormalised(r)));
		}
		Set<String> atTheEdge = directory.stream().filter(p -> atTheEdgeOfTheRadius(p, request)).map(ProviderProfile::roleId)
				.collect(Collectors.toSet());
		Map<String, Double> actual = compiledScores(directory, request);

		assertThat(actual.keySet()).as("matches every role eligible for %s", request).containsAll(expected.keySet());
		Set<String> extra = new TreeSet<>(actual.keySet());
		extra.removeAll(expected.keySet());
		assertThat(extra).as("matches only roles eligible for %s", request).isSubsetOf(atTheEdge);
		for (String id : expected.keySet()) {
			if (!atTheEdge.contains(id)) {
				assertThat(actual.get(id)).as("compiled score of %s for %s", id, request).isCloseTo(expected.get(id), within(1e-4));
			}
		}
	}

	/** Within a few metres of the radius, where the index's quantised geometry and the scorer's may differ. */
	private static boolean atTheEdgeOfTheRadius(ProviderProfile p, MatchRequest r) {
		return r.location() != null && r.delivery() != Delivery.VIRTUAL
				&& Math.abs(p.kilometresFrom(r.location()) - r.radiusKm()) < 0.005;
	}

	/** The scorer's weighted sum before normalising: the jurisdiction criterion always applies, with its configured weight. */
	private static double unnormalised(MatchResult r) {
		double share = r.explanations().stream().filter(e -> e.criterion().equals("jurisdiction")).findFirst().orElseThrow()
				.weight();
		return r.score() * MatchWeights.defaults().registration() / share;
	}

	private static Map<String, Double> compiledScores(List<ProviderProfile> directory, MatchRequest request) throws IOException {
		try (Directory dir = new ByteBuffersDirectory(); IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
			for (ProviderProfile p : directory) {
				writer.addDocument(ProviderDocuments.of(p, MatchWeights.defaults()));
			}
			try (DirectoryReader reader = DirectoryReader.open(writer)) {
				IndexSearcher searcher = new IndexSearcher(reader);
				MatchQueryCompiler compiler = new MatchQueryCompiler(MatchWeights.defaults());
				TopDocs top = searcher.search(compiler.compile(request), directory.size());
				Map<String, Double> scores = new TreeMap<>();
				for (ScoreDoc hit : top.scoreDocs) {
					BytesRef bytes = searcher.storedFields().document(hit.doc).getBinaryValue(ProviderDocuments.PROFILE);
					scores.put(ProfileCodec.decode(bytes.bytes, bytes.offset, bytes.length).roleId(),
							hit.score + compiler.baseline(request));
				}
				return scores;
			}
		}
	}

	@Property(tries = 500)
	void codecDecodesWhatItEncoded(@ForAll("profiles") ProviderProfile profile) {
		byte[] bytes = ProfileCodec.encode(profile);

		assertThat(ProfileCodec.decode(bytes, 0, bytes.length)).isEqualTo(profile);
	}

	/** A request and how many results it wants. */
	record Ask(MatchRequest request, int count) {}

	private static void assertSameRanking(List<MatchResult> actual, List<MatchResult> expected, Ask ask) {
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

	private static void deleteRecursively(Path path) throws IOException {
		try (Stream<Path> files = Files.walk(path)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	private static List<String> roleIds(List<MatchResult> results) {
		return results.stream().map(r -> r.provider().roleId()).toList();
	}

	// ---- directories and profiles ----

	@Provide
	Arbitrary<List<ProviderProfile>> directories() {
		return profiles().list().ofMinSize(50).ofMaxSize(400).withSizeDistribution(RandomDistribution.uniform())
				.map(LuceneProviderIndexPropertiesTest::withUniqueIds);
	}

	/** Enough for every clause to be exercised, and small enough to shrink to a readable counterexample. */
	@Provide
	Arbitrary<List<ProviderProfile>> smallDirectories() {
		return profiles().list().ofMinSize(1).ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform())
				.map(LuceneProviderIndexPropertiesTest::withUniqueIds);
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
				p.telehealthIn());
	}

	/** What a role offers. */
	private record Offer(String profession, Set<String> modalities, Set<String> populations, Set<String> formats) {}

	/** Where and how a role sees clients. */
	private record Reach(List<GeoPoint> sites, boolean inPerson, boolean virtual, List<Registration> registrations) {}

	/** The rest: status, languages, gender and wait. */
	private record Person(String name, boolean active, boolean accepting, Map<String, Double> languages, String gender,
			Integer waitDays) {}

	@Provide
	Arbitrary<ProviderProfile> profiles() {
		return Combinators.combine(offers(), reaches(), persons(), Arbitraries.integers().between(1, 9999))
				.as((offer, reach, person, n) -> profile("role-" + n, offer, reach, person));
	}

	private static ProviderProfile profile(String roleId, Offer o, Reach r, Person p) {
		String profession = Professions.professionOf(o.profession());
		Set<String> modalityFamilies = new TreeSet<>();
		o.modalities().forEach(m -> modalityFamilies.addAll(MODALITY_FAMILIES.get(m)));
		return new ProviderProfile(roleId, "practitioner-" + roleId, p.name(), p.active(), p.accepting(),
				Set.of(o.profession()), Set.of(profession), Professions.PRESCRIBERS.contains(o.profession()), o.modalities(),
				modalityFamilies, o.populations(), o.formats(), r.inPerson(), r.virtual(), p.languages(), p.gender(), r.sites(),
				p.waitDays(), r.registrations(), RIGHTS.practiseIn(profession, r.registrations()),
				RIGHTS.telehealthIn(profession, r.registrations()));
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
		return Combinators.combine(Arbitraries.strings().ofMaxLength(20), percent(90), percent(85), languages,
				Arbitraries.of("female", "male").injectNull(0.2), waitDays).as(Person::new);
	}

	/** Mostly shared addresses, else anywhere within half a degree of a city. */
	private static Arbitrary<GeoPoint> sites() {
		Arbitrary<Double> offset = Arbitraries.doubles().between(-0.5, 0.5);
		Arbitrary<GeoPoint> nearby = Combinators.combine(Arbitraries.of(LOS_ANGELES, NEW_YORK), offset, offset)
				.as((city, dLat, dLon) -> new GeoPoint(city.lat() + dLat, city.lon() + dLon));
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(SHARED_SITES)), Tuple.of(1, nearby));
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
	Arbitrary<List<Ask>> asks() {
		Arbitrary<Integer> counts = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.integers().between(1, 5)),
				Tuple.of(1, Arbitraries.integers().between(6, 20)));
		return Combinators.combine(requests(), counts).as(Ask::new).list().ofMinSize(1).ofMaxSize(4)
				.withSizeDistribution(RandomDistribution.uniform());
	}

	@Provide
	Arbitrary<MatchRequest> requests() {
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
