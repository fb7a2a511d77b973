package health.rapport.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hand-labelled set of referrals against a small fixed directory: each expectation is written
 * from DESIGN.md's rules (Vocabulary and Matching), not from the scorer's output. The directory
 * is indexed once in the adapter under test (a subclass per adapter: this is part of the
 * {@link ProviderIndex} contract); every case also checks that the index agrees
 * with the reference {@link MatchScorer}, that every role left out has an exclusion reason and
 * every role returned has none, and that asking twice gives the same ranking.
 *
 * <p>Rankings are written {@code "a > b = c"}: {@code >} a strictly higher score, {@code =} an
 * equal score (then ordered by role id).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class MatchingLabelledSet {

	// ---- places (ISO 3166-2 jurisdictions are given per role and per referral) --------------

	static final GeoPoint LOS_ANGELES = new GeoPoint(34.0522, -118.2437);
	static final GeoPoint ALBUQUERQUE = new GeoPoint(35.0844, -106.6504);
	static final GeoPoint NEW_YORK = new GeoPoint(40.7128, -74.0060);
	static final GeoPoint MINNEAPOLIS = new GeoPoint(44.9778, -93.2650);
	static final GeoPoint MILWAUKEE = new GeoPoint(43.0389, -87.9065);
	static final GeoPoint DENVER = new GeoPoint(39.7392, -104.9903);
	static final GeoPoint PHILADELPHIA = new GeoPoint(39.9526, -75.1652);
	static final GeoPoint PHOENIX = new GeoPoint(33.4484, -112.0740);
	static final GeoPoint LONDON = new GeoPoint(51.5074, -0.1278);
	static final GeoPoint MANCHESTER = new GeoPoint(53.4808, -2.2426);
	static final GeoPoint PORTLAND = new GeoPoint(45.5152, -122.6784);
	static final GeoPoint PORTLAND_5KM_SOUTH = new GeoPoint(45.4702, -122.6784);
	static final GeoPoint PORTLAND_25KM_SOUTH = new GeoPoint(45.2904, -122.6784);
	static final GeoPoint SALEM = new GeoPoint(44.9429, -123.0351); // about 70 km from Portland
	static final GeoPoint BOSTON = new GeoPoint(42.3601, -71.0589);
	static final GeoPoint DETROIT = new GeoPoint(42.3314, -83.0458);
	static final GeoPoint SEATTLE = new GeoPoint(47.6062, -122.3321);

	// ---- NUCC professions (DESIGN.md, Vocabulary) ------------------------------------------

	static final String PSYCHIATRIST = "2084P0800X";
	static final String CHILD_PSYCHIATRIST = "2084P0804X";
	static final String PSYCHOLOGIST = "103T00000X";
	static final String CLINICAL_PSYCHOLOGIST = "103TC0700X";
	static final String CHILD_PSYCHOLOGIST = "103TC2200X";
	static final String PSYCH_NURSE_PRACTITIONER = "363LP0808X";
	static final String CLINICAL_NURSE_SPECIALIST = "364SP0808X";
	static final String CLINICAL_SOCIAL_WORKER = "1041C0700X";
	static final String MARRIAGE_FAMILY_THERAPIST = "106H00000X";
	static final String COUNSELOR = "101Y00000X";
	static final String PROFESSIONAL_COUNSELOR = "101YP2500X";
	static final String MENTAL_HEALTH_COUNSELOR = "101YM0800X";

	static final String PTSD = "47505003";
	static final String CHILD_BEHAVIOUR_DISORDER = "43568002";

	static final PractiseRights RIGHTS = PractiseRights.load();
	static final Modalities MODALITIES = Modalities.load();
	static final MatchScorer SCORER = new MatchScorer(MatchWeights.defaults());

	// ---- the directory: one line per PractitionerRole ----------------------------------------
	// Defaults: active, accepting, adults, individual, CBT, English (excellent), in person only,
	// a 14-day wait, gender not stated. Each line states what differs.

	static final List<ProviderProfile> DIRECTORY = List.of(
			// Los Angeles (US-CA): children and adolescents
			role("a-play").as(CHILD_PSYCHOLOGIST).offers("play-therapy").serves("children").formats("individual", "family").at(LOS_ANGELES).registered("US-CA").build(),
			role("a-art").as(MARRIAGE_FAMILY_THERAPIST).offers("art-therapy").serves("children", "adolescents").at(LOS_ANGELES).registered("US-CA").build(),
			role("a-cbt").as(CLINICAL_SOCIAL_WORKER).offers("cbt").serves("children", "adolescents", "adults").at(LOS_ANGELES).registered("US-CA").build(),
			role("a-child-psychiatrist").as(CHILD_PSYCHIATRIST).offers("medication-management").serves("children", "adolescents").at(LOS_ANGELES).registered("US-CA").build(),
			role("a-adult").as(CLINICAL_PSYCHOLOGIST).offers("cbt").serves("adults", "older-adults").at(LOS_ANGELES).registered("US-CA").build(),
			// Albuquerque (US-NM): languages and gender
			role("b-es-native").as(CLINICAL_SOCIAL_WORKER).speaks("es", 1.0, "en", 1.0).gender("female").at(ALBUQUERQUE).registered("US-NM").build(),
			role("b-es-good").as(CLINICAL_SOCIAL_WORKER).speaks("en", 1.0, "es", 0.7).gender("male").at(ALBUQUERQUE).registered("US-NM").build(),
			role("b-es-some").as(CLINICAL_SOCIAL_WORKER).speaks("en", 1.0, "es", 0.4).gender("female").at(ALBUQUERQUE).registered("US-NM").build(),
			role("b-en").as(CLINICAL_SOCIAL_WORKER).speaks("en", 1.0).gender("female").at(ALBUQUERQUE).registered("US-NM").build(),
			role("b-asl").as(CLINICAL_SOCIAL_WORKER).speaks("ase", 1.0, "en", 1.0).gender("male").at(ALBUQUERQUE).registered("US-NM").build(),
			role("b-pt").as(CLINICAL_SOCIAL_WORKER).speaks("pt", 1.0, "en", 0.7).gender("female").at(ALBUQUERQUE).registered("US-NM").build(),
			// New York (US-NY): who prescribes
			role("c-psychiatrist").as(PSYCHIATRIST).offers("medication-management").serves("adults", "older-adults").waits(28).at(NEW_YORK).video().registered("US-NY").build(),
			role("c-pmhnp").as(PSYCH_NURSE_PRACTITIONER).offers("medication-management").waits(7).at(NEW_YORK).video().registered("US-NY").build(),
			role("c-cns").as(CLINICAL_NURSE_SPECIALIST).at(NEW_YORK).video().registered("US-NY").build(),
			role("c-psychologist").as(CLINICAL_PSYCHOLOGIST).at(NEW_YORK).video().registered("US-NY").build(),
			role("c-child-psychiatrist").as(PSYCHIATRIST, CHILD_PSYCHIATRIST).offers("medication-management").serves("children", "adolescents").at(NEW_YORK).video().registered("US-NY").build(),
			role("c-lmhc").as(MENTAL_HEALTH_COUNSELOR).offers("person-centred").at(NEW_YORK).video().registered("US-NY").build(),
			// Minneapolis (US-MN): registration status where the regime is statutory
			role("d-registered").as(CLINICAL_PSYCHOLOGIST).at(MINNEAPOLIS).video().registered("US-MN").build(),
			role("d-conditions").as(CLINICAL_PSYCHOLOGIST).at(MINNEAPOLIS).video().registration("US-MN", "registered-with-conditions").build(),
			role("d-suspended").as(CLINICAL_PSYCHOLOGIST).at(MINNEAPOLIS).video().registration("US-MN", "suspended").build(),
			role("d-revoked").as(CLINICAL_PSYCHOLOGIST).at(MINNEAPOLIS).video().registration("US-MN", "revoked").build(),
			role("d-lapsed").as(CLINICAL_PSYCHOLOGIST).at(MINNEAPOLIS).video().registration("US-MN", "lapsed").build(),
			// Milwaukee (US-WI): a renewed licence (the old lapsed record is still published)
			role("w-renewed").as(CLINICAL_PSYCHOLOGIST).at(MILWAUKEE).registration("US-WI", "lapsed").registration("US-WI", "registered").build(),
			role("w-conditions").as(CLINICAL_PSYCHOLOGIST).at(MILWAUKEE).registration("US-WI", "registered-with-conditions").build(),
			// Interstate compacts (PSYPACT, Counseling Compact), referrals into US-CO
			role("e-psy-co").as(CLINICAL_PSYCHOLOGIST).at(DENVER).video().registered("US-CO").build(),
			role("e-psy-pa").as(CLINICAL_PSYCHOLOGIST).at(DENVER).video().registered("US-PA").build(),
			role("e-psy-pa-suspended").as(CLINICAL_PSYCHOLOGIST).at(PHILADELPHIA).videoOnly().registration("US-PA", "suspended").build(),
			role("e-psy-ca").as(CLINICAL_PSYCHOLOGIST).at(LOS_ANGELES).videoOnly().registered("US-CA").build(),
			role("e-lpc-az").as(PROFESSIONAL_COUNSELOR).waits(28).at(PHOENIX).videoOnly().registered("US-AZ").build(),
			role("e-lcsw-az").as(CLINICAL_SOCIAL_WORKER).at(PHOENIX).videoOnly().registered("US-AZ").build(),
			// England: counsellors are voluntarily regulated, psychologists statutorily
			role("f-bacp").as(PROFESSIONAL_COUNSELOR).offers("person-centred").at(LONDON).video().registered("GB-ENG").build(),
			role("f-unreg").as(PROFESSIONAL_COUNSELOR).offers("person-centred").at(LONDON).video().build(),
			role("f-manchester").as(PROFESSIONAL_COUNSELOR).offers("person-centred").at(MANCHESTER).registered("GB-ENG").build(),
			role("f-hcpc-psych").as(CLINICAL_PSYCHOLOGIST).at(LONDON).video().registered("GB-ENG").build(),
			role("f-unreg-psych").as(CLINICAL_PSYCHOLOGIST).at(LONDON).video().build(),
			role("f-struck-off").as(PROFESSIONAL_COUNSELOR).offers("person-centred").at(LONDON).video().registration("GB-ENG", "revoked").build(),
			// Portland (US-OR): distance and wait
			role("g-center").as(CLINICAL_SOCIAL_WORKER).at(PORTLAND).registered("US-OR").build(),
			role("g-near").as(CLINICAL_SOCIAL_WORKER).at(PORTLAND_5KM_SOUTH).registered("US-OR").build(),
			role("g-mid").as(CLINICAL_SOCIAL_WORKER).at(PORTLAND_25KM_SOUTH).registered("US-OR").build(),
			role("g-far").as(CLINICAL_SOCIAL_WORKER).at(SALEM).registered("US-OR").build(),
			role("g-video").as(CLINICAL_SOCIAL_WORKER).at(PORTLAND).videoOnly().registered("US-OR").build(),
			role("g-quick").as(CLINICAL_SOCIAL_WORKER).serves("older-adults").waits(3).at(PORTLAND_25KM_SOUTH).registered("US-OR").build(),
			role("g-slow").as(CLINICAL_SOCIAL_WORKER).serves("older-adults").waits(60).at(PORTLAND).registered("US-OR").build(),
			// Boston (US-MA): approaches and condition guidance
			role("h-emdr").as(CLINICAL_PSYCHOLOGIST).offers("emdr").at(BOSTON).registered("US-MA").build(),
			role("h-somatic").as(CLINICAL_SOCIAL_WORKER).offers("somatic").at(BOSTON).registered("US-MA").build(),
			role("h-tfcbt").as(CLINICAL_PSYCHOLOGIST).offers("tf-cbt").at(BOSTON).registered("US-MA").build(),
			role("h-cbt").as(CLINICAL_PSYCHOLOGIST).offers("cbt").at(BOSTON).registered("US-MA").build(),
			role("h-psychodynamic").as(CLINICAL_SOCIAL_WORKER).offers("psychodynamic").at(BOSTON).registered("US-MA").build(),
			// Detroit (US-MI): formats, availability, ties
			role("i-couples").as(MARRIAGE_FAMILY_THERAPIST).offers("couples-eft").formats("individual", "couple").at(DETROIT).registered("US-MI").build(),
			role("i-gottman").as(MARRIAGE_FAMILY_THERAPIST).offers("couples-gottman").formats("couple").at(DETROIT).registered("US-MI").build(),
			role("i-inactive").as(MARRIAGE_FAMILY_THERAPIST).offers("couples-eft").formats("individual", "couple").at(DETROIT).registered("US-MI").inactive().build(),
			role("i-full").as(MARRIAGE_FAMILY_THERAPIST).offers("couples-eft").formats("individual", "couple").at(DETROIT).registered("US-MI").notAccepting().build(),
			role("i-twin-b").as(CLINICAL_SOCIAL_WORKER).at(DETROIT).registered("US-MI").build(),
			role("i-twin-a").as(CLINICAL_SOCIAL_WORKER).at(DETROIT).registered("US-MI").build(),
			// Seattle (US-WA): therapy without spoken language
			role("j-art-ru").as(MARRIAGE_FAMILY_THERAPIST).offers("art-therapy").serves("children").speaks("ru", 1.0).at(SEATTLE).registered("US-WA").build(),
			role("j-play-es").as(CHILD_PSYCHOLOGIST).offers("play-therapy").serves("children").speaks("es", 1.0, "en", 1.0).at(SEATTLE).registered("US-WA").build());

	static final Map<String, ProviderProfile> BY_ID = DIRECTORY.stream()
			.collect(Collectors.toMap(ProviderProfile::roleId, Function.identity()));

	private ProviderIndex index;

	/** A new, empty index of the adapter under test, told apart from others by {@code name}. */
	protected abstract ProviderIndex open(String name);

	/** Closes the index and removes what it stored. */
	protected abstract void dispose(ProviderIndex index) throws IOException;

	@BeforeAll
	public void indexTheDirectory() {
		index = open("labelled");
		index.rebuild(1, DIRECTORY);
	}

	@AfterAll
	public void close() throws IOException {
		dispose(index);
	}

	// ---- the labelled referrals ---------------------------------------------------------------

	static Stream<Case> labelledSet() {
		return Stream.of(
				// Populations: age bands filter, specialists score above generalists
				labelled("9-year-old asking for play therapy: child services only, the play therapist first, then the same family (art)",
						referral().aged(9).in("US-CA").at(LOS_ANGELES).inPerson().approach("play-therapy"))
						.ranksExactly("a-play > a-art > a-child-psychiatrist > a-cbt")
						.excludes("does not serve children", "a-adult", "e-psy-ca"),
				labelled("9-year-old with a behaviour disorder: guidance (play, family systems, CBT) lifts play therapy and CBT",
						referral().aged(9).in("US-CA").at(LOS_ANGELES).inPerson().condition(CHILD_BEHAVIOUR_DISORDER))
						.ranksExactly("a-play > a-cbt > a-art = a-child-psychiatrist")
						.excludes("does not serve children", "a-adult"),
				labelled("15-year-old needing medication management: the child & adolescent psychiatrist only",
						referral().aged(15).in("US-CA").at(LOS_ANGELES).needsPrescriber().approach("medication-management"))
						.ranksExactly("a-child-psychiatrist")
						.excludes("not a prescriber", "a-art", "a-cbt")
						.excludes("does not serve adolescents", "a-play", "a-adult"),
				labelled("adult asking for CBT: child-only services excluded, the adult specialist above the all-ages generalist",
						referral().aged(40).in("US-CA").at(LOS_ANGELES).inPerson().approach("cbt"))
						.ranksExactly("a-adult > a-cbt")
						.excludes("does not serve adults", "a-play", "a-art", "a-child-psychiatrist")
						.excludes("cannot see the client", "e-psy-ca"),

				// Languages
				labelled("Spanish, no interpreter: Spanish speakers only, by proficiency",
						referral().aged(34).in("US-NM").at(ALBUQUERQUE).speaks("es"))
						.ranksExactly("b-es-native > b-es-good > b-es-some")
						.excludes("speaks none of", "b-en", "b-asl", "b-pt"),
				labelled("Spanish with an interpreter: everyone may take it, Spanish speakers first",
						referral().aged(34).in("US-NM").at(ALBUQUERQUE).speaks("es").withInterpreter())
						.ranksExactly("b-es-native > b-es-good > b-es-some > b-asl = b-en = b-pt"),
				labelled("American Sign Language, no interpreter: signers only",
						referral().aged(34).in("US-NM").at(ALBUQUERQUE).speaks("ase"))
						.ranksExactly("b-asl")
						.excludes("speaks none of", "b-en", "b-es-native", "b-pt"),
				labelled("Portuguese first, Spanish second: the native Portuguese speaker first, Spanish speakers after",
						referral().aged(34).in("US-NM").at(ALBUQUERQUE).speaks("pt", "es"))
						.ranksExactly("b-pt > b-es-native > b-es-good > b-es-some")
						.excludes("speaks none of", "b-en", "b-asl"),
				labelled("a male therapist preferred: men first, women still offered",
						referral().aged(34).in("US-NM").at(ALBUQUERQUE).speaks("en").prefersGender("male"))
						.ranksExactly("b-asl = b-es-good > b-en = b-es-native = b-es-some > b-pt"),

				// Professions and prescribers
				labelled("medication management: prescribers only (psychiatrist, psychiatric NP), shorter wait first",
						referral().aged(45).in("US-NY").at(NEW_YORK).needsPrescriber().approach("medication-management"))
						.ranksExactly("c-pmhnp > c-psychiatrist")
						.excludes("not a prescriber", "c-cns", "c-psychologist", "c-lmhc")
						.excludes("does not serve adults", "c-child-psychiatrist"),
				labelled("a psychologist asked for: any psychologist specialisation licensed here, never a nurse or psychiatrist",
						referral().aged(45).in("US-NY").at(NEW_YORK).profession(PSYCHOLOGIST))
						.ranksExactly("c-psychologist")
						.excludes("not the requested profession", "c-cns", "c-psychiatrist", "c-lmhc")
						.excludes("cannot see the client", "e-psy-pa", "d-registered", "f-hcpc-psych"),
				labelled("a child & adolescent psychiatrist asked for: a general psychiatrist is not one",
						referral().in("US-NY").at(NEW_YORK).profession(CHILD_PSYCHIATRIST))
						.ranksExactly("c-child-psychiatrist")
						.excludes("not the requested profession", "c-psychiatrist", "c-pmhnp"),
				labelled("medication management where no prescriber may practise: nobody, rather than a misfit",
						referral().aged(45).in("US-NM").at(ALBUQUERQUE).needsPrescriber().approach("medication-management"))
						.ranksExactly("")
						.excludes("not a prescriber", "b-es-native", "b-en")
						.excludes("cannot see the client", "c-psychiatrist", "c-pmhnp"),

				// Registration status (statutory regime)
				labelled("statutory regime: suspended, revoked and lapsed never match; with conditions below clean",
						referral().aged(45).in("US-MN").at(MINNEAPOLIS))
						.ranksExactly("d-registered > d-conditions")
						.excludes("cannot see the client", "d-suspended", "d-revoked", "d-lapsed")
						.then(results -> assertThat(explanation(results, "d-conditions", "jurisdiction").detail())
								.contains("with conditions")),
				labelled("a renewed licence (old lapsed record plus a current one) counts as registered, above one with conditions",
						referral().aged(45).in("US-WI").at(MILWAUKEE))
						.ranksExactly("w-renewed > w-conditions"),

				// Jurisdiction and interstate compacts
				labelled("in person in Colorado: a Denver office does not help a psychologist licensed only in Pennsylvania",
						referral().aged(45).in("US-CO").at(DENVER).inPerson())
						.ranksExactly("e-psy-co")
						.excludes("cannot see the client", "e-psy-pa", "e-psy-ca", "e-lpc-az"),
				labelled("video in Colorado: PSYPACT lets the Pennsylvania psychologist in, below the Colorado licensee",
						referral().aged(45).in("US-CO").byVideo())
						.ranksExactly("e-psy-co > e-psy-pa > e-lpc-az")
						.excludes("cannot see the client", "e-psy-ca", "e-lcsw-az", "e-psy-pa-suspended", "f-unreg"),
				labelled("either way in Colorado: the out-of-state licensee is offered by video only",
						referral().aged(45).in("US-CO").at(DENVER))
						.ranksExactly("e-psy-co > e-psy-pa > e-lpc-az")
						.excludes("cannot see the client", "e-psy-ca", "e-lcsw-az", "e-psy-pa-suspended")
						.then(results -> {
							assertThat(explanation(results, "e-psy-pa", "distance").detail()).contains("video");
							assertThat(explanation(results, "e-psy-pa", "jurisdiction").detail()).contains("compact");
						}),
				labelled("video into a state in no compact (Oregon): only its own licensees",
						referral().aged(45).in("US-OR").byVideo())
						.ranksExactly("g-video")
						.excludes("cannot see the client", "e-psy-pa", "e-psy-co", "e-lpc-az", "g-center"),
				labelled("video into a third PSYPACT state (Texas): member-state psychologists, not one whose home licence is suspended",
						referral().aged(45).in("US-TX").byVideo())
						.ranksExactly("e-psy-co = e-psy-pa")
						.excludes("cannot see the client", "e-psy-pa-suspended", "e-psy-ca", "e-lpc-az", "e-lcsw-az"),
				labelled("a counselor by video in Colorado: the Counseling Compact admits the Arizona counselor",
						referral().aged(45).in("US-CO").byVideo().profession(COUNSELOR))
						.ranksExactly("e-lpc-az")
						.excludes("not the requested profession", "e-psy-co", "e-lcsw-az")
						.excludes("cannot see the client", "f-unreg", "c-lmhc"),

				// Voluntary regime (UK counsellors)
				labelled("England, counsellor in person: the unregistered one may practise, the registered one ranks higher",
						referral().aged(45).in("GB-ENG").at(LONDON).inPerson().profession(COUNSELOR))
						.ranksExactly("f-bacp > f-unreg")
						.excludes("cannot see the client", "f-manchester")
						.excludes("not the requested profession", "f-hcpc-psych", "f-unreg-psych"),
				labelled("England, psychologist: statutory, so the unregistered psychologist never matches",
						referral().aged(45).in("GB-ENG").at(LONDON).profession(PSYCHOLOGIST))
						.ranksExactly("f-hcpc-psych")
						.excludes("cannot see the client", "f-unreg-psych"),
				labelled("Manchester client, either way: the local counsellor, then by video the registered one, then unregistered ones from anywhere (no licence needed)",
						referral().aged(45).in("GB-ENG").at(MANCHESTER).profession(COUNSELOR))
						.ranksExactly("f-manchester > f-bacp > c-lmhc = f-unreg > e-lpc-az"),
				labelled("a counsellor struck off the voluntary register is never matched in England, though no licence is required there",
						referral().aged(45).in("GB-ENG").at(LONDON).profession(COUNSELOR))
						.ranksExactly("f-bacp > f-unreg > c-lmhc > e-lpc-az")
						.excludes("cannot see the client", "f-struck-off"),
				labelled("art or play therapy for a Spanish-speaking child: a shared language is not required, but counts",
						referral().aged(8).in("US-WA").at(SEATTLE).speaks("es").approachFamily("creative-nonverbal").nonverbal())
						.ranksExactly("j-play-es > j-art-ru"),
				labelled("talking therapy for the same child: the Russian-speaking art therapist is out",
						referral().aged(8).in("US-WA").at(SEATTLE).speaks("es"))
						.ranksExactly("j-play-es")
						.excludes("speaks none", "j-art-ru"),
				labelled("a UK counsellor may not see a New York client by video: a licence is required there",
						referral().aged(45).in("US-NY").byVideo().profession(COUNSELOR))
						.ranksExactly("c-lmhc")
						.excludes("cannot see the client", "f-bacp", "f-unreg"),

				// Distance and wait
				labelled("in person within 40 km: nearer first, beyond the radius and video-only excluded",
						referral().aged(45).in("US-OR").at(PORTLAND).inPerson().within(40))
						.ranksExactly("g-center > g-near > g-mid")
						.excludes("cannot see the client", "g-far", "g-video")
						.excludes("does not serve adults", "g-quick", "g-slow"),
				labelled("in person within 100 km: the far office comes in, last",
						referral().aged(45).in("US-OR").at(PORTLAND).inPerson().within(100))
						.ranksExactly("g-center > g-near > g-mid > g-far")
						.excludes("cannot see the client", "g-video"),
				labelled("either way within 40 km: video sits between a near office and a farther one",
						referral().aged(45).in("US-OR").at(PORTLAND).within(40))
						.ranksExactly("g-center > g-near > g-video > g-mid")
						.excludes("cannot see the client", "g-far"),
				labelled("urgent: a 3-day wait 25 km away beats a 60-day wait next door",
						referral().aged(70).in("US-OR").at(PORTLAND).inPerson().urgent())
						.ranksExactly("g-quick > g-slow"),
				labelled("not urgent: the same two, distance wins",
						referral().aged(70).in("US-OR").at(PORTLAND).inPerson())
						.ranksExactly("g-slow > g-quick"),

				// Approaches and condition guidance
				labelled("EMDR asked for: exact beats same family (trauma-focused) beats none",
						referral().aged(30).in("US-MA").at(BOSTON).approach("emdr"))
						.ranksExactly("h-emdr > h-somatic = h-tfcbt > h-cbt = h-psychodynamic"),
				labelled("CBT asked for: TF-CBT is a near miss (cognitive-behavioural family), EMDR is not",
						referral().aged(30).in("US-MA").at(BOSTON).approach("cbt"))
						.ranksExactly("h-cbt > h-tfcbt > h-emdr = h-psychodynamic = h-somatic"),
				labelled("trauma-focused family asked for: all its members (TF-CBT through its second parent) count fully",
						referral().aged(30).in("US-MA").at(BOSTON).approachFamily("trauma-focused"))
						.ranksExactly("h-emdr = h-somatic = h-tfcbt > h-cbt = h-psychodynamic"),
				labelled("PTSD (SNOMED 47505003): guidance (TF-CBT, EMDR, exposure) lifts trauma-focused roles",
						referral().aged(30).in("US-MA").at(BOSTON).condition(PTSD))
						.ranksExactly("h-emdr = h-tfcbt > h-cbt = h-psychodynamic = h-somatic")
						.then(results -> assertThat(explanation(results, "h-emdr", "condition").score()).isEqualTo(1.0)),
				labelled("PTSD and psychodynamic therapy asked for: the requested approach weighs more than guidance",
						referral().aged(30).in("US-MA").at(BOSTON).condition(PTSD).approach("psychodynamic"))
						.ranksExactly("h-psychodynamic > h-emdr = h-tfcbt > h-cbt = h-somatic"),

				// Formats, availability, ties
				labelled("couple sessions with Gottman asked for: only roles offering couple; inactive and full never",
						referral().aged(38).in("US-MI").at(DETROIT).inPerson().format("couple").approach("couples-gottman"))
						.ranksExactly("i-gottman > i-couples")
						.excludes("does not offer couple sessions", "i-twin-a", "i-twin-b")
						.excludes("role inactive", "i-inactive")
						.excludes("not accepting new clients", "i-full"),
				labelled("EFT asked for, any format: inactive and not-accepting roles never match, even when they fit best",
						referral().aged(38).in("US-MI").at(DETROIT).inPerson().approach("couples-eft"))
						.ranksExactly("i-couples > i-gottman > i-twin-a = i-twin-b")
						.excludes("role inactive", "i-inactive")
						.excludes("not accepting new clients", "i-full"),
				labelled("equal scores are ordered by role id",
						referral().aged(38).in("US-MI").at(DETROIT).inPerson().format("individual").approach("cbt"))
						.ranksExactly("i-twin-a = i-twin-b > i-couples")
						.excludes("does not offer individual sessions", "i-gottman"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("labelledSet")
	public void ranksAsLabelled(Case c) {
		MatchRequest request = c.request;
		List<MatchResult> results = index.match(request, DIRECTORY.size());
		List<String> ids = ids(results);

		assertThat(ids).as("ranking").containsExactlyElementsOf(c.order);
		for (int i = 0; i < c.relations.size(); i++) {
			String higher = c.order.get(i);
			String lower = c.order.get(i + 1);
			if (c.relations.get(i) == '>') {
				assertThat(results.get(i).score()).as("%s scores above %s", higher, lower).isGreaterThan(results.get(i + 1).score());
			} else {
				assertThat(results.get(i).score()).as("%s scores the same as %s", higher, lower).isEqualTo(results.get(i + 1).score());
			}
		}

		if (!c.excluded.isEmpty()) {
			assertThat(ids).as("exclusions").doesNotContainAnyElementsOf(c.excluded.keySet());
		}
		c.excluded.forEach((id, reason) -> assertThat(SCORER.exclusion(profile(id), request))
				.as("why %s is excluded", id).isNotNull().contains(reason));

		for (ProviderProfile p : DIRECTORY) {
			assertThat(SCORER.exclusion(p, request) == null).as("%s eligible exactly when returned", p.roleId())
					.isEqualTo(ids.contains(p.roleId()));
		}
		assertThat(ids(SCORER.rank(DIRECTORY, request, DIRECTORY.size()))).as("reference scorer").isEqualTo(ids);
		assertThat(scored(index.match(request, DIRECTORY.size()))).as("asked again").isEqualTo(scored(results));
		c.then.accept(results);
	}

	@Test
	public void theLabelledSetIsLargeAndItsNamesAreUnique() {
		List<Case> cases = labelledSet().toList();
		assertThat(cases).hasSizeGreaterThanOrEqualTo(30);
		assertThat(cases).extracting(c -> c.name).doesNotHaveDuplicates();
		assertThat(DIRECTORY).extracting(ProviderProfile::roleId).doesNotHaveDuplicates();
		assertThat(index.size()).isEqualTo(DIRECTORY.size());
	}

	@Test
	public void theRankingDoesNotDependOnTheOrderRolesWereIndexed() throws IOException {
		List<ProviderProfile> reversed = new ArrayList<>(DIRECTORY);
		Collections.reverse(reversed);
		ProviderIndex other = open("reversed");
		try {
			other.rebuild(1, reversed);
			labelledSet().forEach(c -> assertThat(scored(other.match(c.request, DIRECTORY.size())))
					.as(c.name).isEqualTo(scored(index.match(c.request, DIRECTORY.size()))));
		} finally {
			dispose(other);
		}
	}

	@Test
	public void theDirectoryIsConsistentWithTheVocabulary() {
		assertThat(profile("a-child-psychiatrist").prescriber()).isTrue();
		assertThat(profile("c-pmhnp").prescriber()).isTrue();
		assertThat(profile("c-cns").prescriber()).isFalse();
		assertThat(profile("h-tfcbt").modalityFamilies()).containsExactlyInAnyOrder("cognitive-behavioural", "trauma-focused");
		assertThat(profile("c-psychologist").professionFamilies()).containsExactly(PSYCHOLOGIST);
		assertThat(profile("e-psy-pa").practiseIn()).doesNotContain("US-CO");
		assertThat(profile("e-psy-pa").telehealthIn()).contains("US-CO", "US-TX").doesNotContain("US-OR", "US-NY");
		assertThat(profile("f-unreg").practiseIn()).contains("GB-ENG");
		assertThat(profile("f-unreg-psych").practiseIn()).doesNotContain("GB-ENG");
		DIRECTORY.forEach(p -> assertThat(p.languages().values()).allMatch(v -> v == 1.0 || v == 0.7 || v == 0.4));
	}

	// ---- helpers ------------------------------------------------------------------------------

	static ProviderProfile profile(String id) {
		ProviderProfile p = BY_ID.get(id);
		if (p == null) {
			throw new IllegalArgumentException("No role " + id + " in the labelled directory");
		}
		return p;
	}

	static List<String> ids(List<MatchResult> results) {
		return results.stream().map(r -> r.provider().roleId()).toList();
	}

	static List<String> scored(List<MatchResult> results) {
		return results.stream().map(r -> r.provider().roleId() + "@" + r.score()).toList();
	}

	static MatchExplanation explanation(List<MatchResult> results, String id, String criterion) {
		return results.stream().filter(r -> r.provider().roleId().equals(id)).findFirst()
				.orElseThrow(() -> new AssertionError(id + " not matched"))
				.explanations().stream().filter(e -> e.criterion().equals(criterion)).findFirst()
				.orElseThrow(() -> new AssertionError(id + " has no " + criterion + " explanation"));
	}

	static Case labelled(String name, Referral referral) {
		return new Case(name, referral.build());
	}

	/** One labelled referral: the expected ranking and the roles that must be left out, with why. */
	static final class Case {
		final String name;
		final MatchRequest request;
		final List<String> order = new ArrayList<>();
		final List<Character> relations = new ArrayList<>();
		final Map<String, String> excluded = new LinkedHashMap<>();
		Consumer<List<MatchResult>> then = results -> {};

		Case(String name, MatchRequest request) {
			this.name = name;
			this.request = request;
		}

		/** The whole result, e.g. {@code "a > b = c"}; an empty string for no result. */
		Case ranksExactly(String ranking) {
			String[] tokens = ranking.isBlank() ? new String[0] : ranking.trim().split("\\s+");
			for (int i = 0; i < tokens.length; i++) {
				if (i % 2 == 0) {
					order.add(profile(tokens[i]).roleId());
				} else if (tokens[i].equals(">") || tokens[i].equals("=")) {
					relations.add(tokens[i].charAt(0));
				} else {
					throw new IllegalArgumentException("Expected > or = in " + ranking);
				}
			}
			return this;
		}

		Case excludes(String reason, String... ids) {
			for (String id : ids) {
				excluded.put(profile(id).roleId(), reason);
			}
			return this;
		}

		Case then(Consumer<List<MatchResult>> check) {
			this.then = check;
			return this;
		}

		@Override
		public String toString() {
			return name;
		}
	}

	static Referral referral() {
		return new Referral();
	}

	/** A MatchRequest as a referral would produce it; in or around one jurisdiction, either way by default. */
	static final class Referral {
		private String population;
		private final List<String> languages = new ArrayList<>();
		private boolean interpreter;
		private String jurisdiction;
		private GeoPoint location;
		private double radiusKm = MatchWeights.defaults().defaultRadiusKm();
		private final Set<String> professions = new TreeSet<>();
		private boolean prescriber;
		private final Set<String> modalities = new TreeSet<>();
		private final Set<String> modalityFamilies = new TreeSet<>();
		private final Set<String> conditionModalities = new TreeSet<>();
		private String format;
		private Delivery delivery = Delivery.EITHER;
		private boolean urgent;
		private String gender;
		private boolean nonverbal;

		/** DESIGN.md's age bands: children 0–12, adolescents 13–17, adults 18–64, older adults 65+. */
		Referral aged(int years) {
			population = years <= 12 ? "children" : years <= 17 ? "adolescents" : years <= 64 ? "adults" : "older-adults";
			return this;
		}

		Referral in(String jurisdiction) {
			this.jurisdiction = jurisdiction;
			return this;
		}

		Referral at(GeoPoint location) {
			this.location = location;
			return this;
		}

		Referral within(double km) {
			this.radiusKm = km;
			return this;
		}

		Referral inPerson() {
			delivery = Delivery.IN_PERSON;
			return this;
		}

		Referral byVideo() {
			delivery = Delivery.VIRTUAL;
			return this;
		}

		Referral speaks(String... bcp47) {
			languages.addAll(List.of(bcp47));
			return this;
		}

		Referral withInterpreter() {
			interpreter = true;
			return this;
		}

		Referral profession(String... nucc) {
			professions.addAll(List.of(nucc));
			return this;
		}

		Referral needsPrescriber() {
			prescriber = true;
			return this;
		}

		/** A specific approach: itself, and its families as a near miss. */
		Referral approach(String modality) {
			modalities.add(modality);
			modalityFamilies.addAll(MODALITIES.familiesOf(modality));
			return this;
		}

		/** A family asked for: arrives as all its members. */
		Referral approachFamily(String family) {
			modalities.addAll(MODALITIES.membersOf(family));
			return this;
		}

		Referral condition(String snomed) {
			conditionModalities.addAll(ConditionGuidance.recommendedFor(List.of(snomed)));
			return this;
		}

		Referral format(String format) {
			this.format = format;
			return this;
		}

		Referral urgent() {
			urgent = true;
			return this;
		}

		Referral prefersGender(String gender) {
			this.gender = gender;
			return this;
		}

		/** Every requested approach works without spoken language (the reader sets this from the code system). */
		Referral nonverbal() {
			nonverbal = true;
			return this;
		}

		MatchRequest build() {
			return new MatchRequest(population, List.copyOf(languages), interpreter, jurisdiction, location, radiusKm,
					Set.copyOf(professions), prescriber, Set.copyOf(modalities), Set.copyOf(modalityFamilies),
					Set.copyOf(conditionModalities), format, delivery, urgent, gender, nonverbal);
		}
	}

	static Role role(String id) {
		return new Role(id);
	}

	/** One PractitionerRole; practise rights, families and prescribing are derived as the projection does. */
	static final class Role {
		private final String id;
		private boolean active = true;
		private boolean accepting = true;
		private final Set<String> professions = new LinkedHashSet<>();
		private Set<String> modalities = Set.of("cbt");
		private Set<String> populations = Set.of("adults");
		private Set<String> formats = Set.of("individual");
		private boolean inPerson = true;
		private boolean virtual;
		private Map<String, Double> languages = Map.of("en", 1.0);
		private String gender;
		private GeoPoint site;
		private Integer waitDays = 14;
		private final List<Registration> registrations = new ArrayList<>();

		Role(String id) {
			this.id = id;
		}

		Role as(String... nucc) {
			professions.addAll(List.of(nucc));
			return this;
		}

		Role offers(String... modalities) {
			this.modalities = Set.of(modalities);
			return this;
		}

		Role serves(String... populations) {
			this.populations = Set.of(populations);
			return this;
		}

		Role formats(String... formats) {
			this.formats = Set.of(formats);
			return this;
		}

		/** Pairs of BCP-47 code and proficiency (1.0 excellent, 0.7 good, 0.4 fair). */
		Role speaks(Object... codeAndProficiency) {
			Map<String, Double> spoken = new TreeMap<>();
			for (int i = 0; i < codeAndProficiency.length; i += 2) {
				spoken.put((String) codeAndProficiency[i], (Double) codeAndProficiency[i + 1]);
			}
			languages = spoken;
			return this;
		}

		Role gender(String gender) {
			this.gender = gender;
			return this;
		}

		Role at(GeoPoint site) {
			this.site = site;
			return this;
		}

		Role video() {
			virtual = true;
			return this;
		}

		Role videoOnly() {
			virtual = true;
			inPerson = false;
			return this;
		}

		Role waits(Integer days) {
			waitDays = days;
			return this;
		}

		Role registered(String jurisdiction) {
			return registration(jurisdiction, "registered");
		}

		Role registration(String jurisdiction, String status) {
			registrations.add(new Registration(jurisdiction, status));
			return this;
		}

		Role inactive() {
			active = false;
			return this;
		}

		Role notAccepting() {
			accepting = false;
			return this;
		}

		ProviderProfile build() {
			Set<String> families = professions.stream().map(Professions::professionOf).collect(Collectors.toCollection(TreeSet::new));
			Set<String> practiseIn = new TreeSet<>();
			Set<String> telehealthIn = new TreeSet<>();
			for (String profession : families) {
				practiseIn.addAll(RIGHTS.practiseIn(profession, registrations));
				telehealthIn.addAll(RIGHTS.telehealthIn(profession, registrations));
			}
			Set<String> modalityFamilies = new TreeSet<>();
			modalities.forEach(m -> modalityFamilies.addAll(MODALITIES.familiesOf(m)));
			boolean prescriber = professions.stream().anyMatch(Professions.PRESCRIBERS::contains);
			return new ProviderProfile(id, "p-" + id, id, active, accepting, Set.copyOf(professions), Set.copyOf(families),
					prescriber, Set.copyOf(modalities), Set.copyOf(modalityFamilies), populations, formats, inPerson, virtual,
					Map.copyOf(languages), gender, site == null ? List.of() : List.of(site), waitDays,
					List.copyOf(registrations), Set.copyOf(practiseIn), Set.copyOf(telehealthIn), null, false);
		}
	}

	/**
	 * The families of fhir-profiles/CodeSystem-modality.json: each top-level concept is a family,
	 * its nested concepts are members, and a {@code parent} property adds a second family.
	 */
	record Modalities(Map<String, Set<String>> families, Map<String, Set<String>> members) {

		static Modalities load() {
			try (InputStream in = MatchingLabelledSet.class.getClassLoader()
					.getResourceAsStream("fhir-profiles/CodeSystem-modality.json")) {
				JsonNode codeSystem = new ObjectMapper().readTree(in);
				Map<String, Set<String>> families = new TreeMap<>();
				Map<String, Set<String>> members = new TreeMap<>();
				for (JsonNode family : codeSystem.get("concept")) {
					String familyCode = family.get("code").asText();
					members.computeIfAbsent(familyCode, k -> new TreeSet<>());
					for (JsonNode member : family.path("concept")) {
						String code = member.get("code").asText();
						List<String> parents = new ArrayList<>(List.of(familyCode));
						for (JsonNode property : member.path("property")) {
							if (property.path("code").asText().equals("parent")) {
								parents.add(property.get("valueCode").asText());
							}
						}
						for (String parent : parents) {
							families.computeIfAbsent(code, k -> new TreeSet<>()).add(parent);
							members.computeIfAbsent(parent, k -> new TreeSet<>()).add(code);
						}
					}
				}
				return new Modalities(families, members);
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		Set<String> familiesOf(String modality) {
			Set<String> of = families.get(modality);
			if (of == null) {
				throw new IllegalArgumentException("Not a modality of the CodeSystem: " + modality);
			}
			return of;
		}

		Set<String> membersOf(String family) {
			Set<String> of = members.get(family);
			if (of == null || of.isEmpty()) {
				throw new IllegalArgumentException("Not a modality family of the CodeSystem: " + family);
			}
			return of;
		}
	}
}
