package health.rapport.matching;

import health.rapport.matching.Reason.Codes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The matching formula, once: who is eligible (hard filters) and how well each eligible role
 * fits (the weighted mean of the applicable criteria, each scored 0 to 1 and explained).
 * Index adapters find candidates; this class decides.
 */
public final class MatchScorer {

	/** Best first; equal scores by role id, so that a request always gives the same ranking. */
	public static final Comparator<MatchResult> RANKING = Comparator.comparingDouble(MatchResult::score).reversed()
			.thenComparing(r -> r.provider().roleId());

	// The levels of the criteria; index adapters compile the same ones.
	/** A client's second choice of language counts this much less than the first, and so on. */
	public static final double LANGUAGE_RANK_STEP = 0.1;
	/** Language proficiencies (NDH excellent, good, fair or poor). */
	public static final double EXCELLENT = 1.0;
	public static final double GOOD = 0.7;
	public static final double SOME = 0.4;
	public static final double VIA_INTERPRETER = 0.3;
	public static final double SAME_FAMILY = 0.5;
	public static final double GENERALIST = 0.6;
	public static final double WITH_CONDITIONS = 0.6;
	public static final double UNDER_COMPACT = 0.8;
	public static final double UNREGISTERED_UNREGULATED = 0.5;
	public static final double VIRTUAL_INSTEAD = 0.5;

	private final MatchWeights weights;

	public MatchScorer(MatchWeights weights) {
		this.weights = weights;
	}

	public MatchWeights weights() {
		return weights;
	}

	/** The eligible roles' top {@code count}, best first. */
	public List<MatchResult> rank(Iterable<ProviderProfile> profiles, MatchRequest request, int count) {
		PriorityQueue<MatchResult> best = new PriorityQueue<>(RANKING.reversed());
		for (ProviderProfile profile : profiles) {
			score(profile, request).ifPresent(result -> {
				best.add(result);
				if (best.size() > count) {
					best.poll();
				}
			});
		}
		List<MatchResult> ranked = new ArrayList<>(best);
		ranked.sort(RANKING);
		return ranked;
	}

	public Optional<MatchResult> score(ProviderProfile p, MatchRequest r) {
		if (exclusion(p, r) != null) {
			return Optional.empty();
		}
		List<MatchExplanation> parts = new ArrayList<>();
		if (!r.modalities().isEmpty()) {
			parts.add(modality(p, r));
		}
		if (!r.conditionModalities().isEmpty()) {
			boolean offers = intersects(p.modalities(), r.conditionModalities());
			parts.add(part("condition", weights.condition(), offers ? 1 : 0, offers
					? Reason.of("condition.offers", new Codes("modality", intersection(p.modalities(), r.conditionModalities())))
					: Reason.of("condition.none")));
		}
		if (r.population() != null) {
			boolean specialist = p.populations().size() <= 2;
			parts.add(part("population", weights.population(), specialist ? 1 : GENERALIST,
					Reason.of(specialist ? "population.specialist" : "population.among-others", Codes.of("population", r.population()))));
		}
		if (!r.languages().isEmpty()) {
			parts.add(language(p, r));
		}
		if (r.hasPlace()) {
			parts.add(distance(p, r));
		}
		double waitWeight = weights.waitTime() * (r.urgent() ? weights.urgentWaitFactor() : 1);
		int days = p.waitDays() == null ? weights.unknownWaitDays() : p.waitDays();
		parts.add(part("wait", waitWeight, decay(days, weights.waitPivotDays()),
				p.waitDays() == null ? Reason.of("wait.unknown") : Reason.of("wait.days", days)));
		parts.add(registration(p, r));
		if (r.preferredGender() != null) {
			boolean same = r.preferredGender().equals(p.gender());
			parts.add(part("gender", weights.gender(), same ? 1 : 0, Reason.of(same ? "gender.preferred" : "gender.other")));
		}
		return Optional.of(normalised(p, parts));
	}

	/** Why a role cannot take the referral, or null when it can. */
	public String exclusion(ProviderProfile p, MatchRequest r) {
		if (!p.active()) {
			return "role inactive";
		}
		if (!p.acceptingNewClients()) {
			return "not accepting new clients";
		}
		if (r.population() != null && !p.populations().contains(r.population())) {
			return "does not serve " + r.population();
		}
		if (r.format() != null && !p.formats().contains(r.format())) {
			return "does not offer " + r.format() + " sessions";
		}
		if (r.prescriberNeeded() && !p.prescriber()) {
			return "not a prescriber";
		}
		// A requested profession takes any of its specialisations; a requested specialisation only itself.
		if (!r.professions().isEmpty() && !intersects(p.professions(), r.professions())
				&& !intersects(p.professionFamilies(), r.professions())) {
			return "not the requested profession";
		}
		if (languageRequired(r) && !intersects(p.languages().keySet(), Set.copyOf(r.languages()))) {
			return "speaks none of " + r.languages() + " and no interpreter is wanted";
		}
		if (!inPersonFeasible(p, r) && !virtualFeasible(p, r)) {
			return "cannot see the client: not registered in " + r.jurisdiction() + " for the delivery wanted, or too far";
		}
		return null;
	}

	/** A preferred language must be spoken unless an interpreter is wanted or the therapy is non-verbal. */
	public static boolean languageRequired(MatchRequest r) {
		return !r.interpreterNeeded() && !r.nonverbal() && !r.languages().isEmpty();
	}

	static boolean inPersonFeasible(ProviderProfile p, MatchRequest r) {
		return r.delivery().allowsInPerson() && p.inPerson() && p.practiseIn().contains(r.jurisdiction())
				&& (r.location() == null || p.kilometresFrom(r.location()) <= r.radiusKm());
	}

	static boolean virtualFeasible(ProviderProfile p, MatchRequest r) {
		return r.delivery().allowsVirtual() && p.virtual() && p.telehealthIn().contains(r.jurisdiction());
	}

	private MatchExplanation modality(ProviderProfile p, MatchRequest r) {
		Set<String> offered = intersection(p.modalities(), r.modalities());
		if (!offered.isEmpty()) {
			return part("modality", weights.modality(), 1, Reason.of("modality.offered", new Codes("modality", offered)));
		}
		Set<String> family = intersection(p.modalityFamilies(), r.modalityFamilies());
		if (!family.isEmpty()) {
			return part("modality", weights.modality(), SAME_FAMILY,
					Reason.of("modality.family", new Codes("modality", p.modalities()), new Codes("modality", family)));
		}
		return part("modality", weights.modality(), 0, Reason.of("modality.none"));
	}

	private MatchExplanation language(ProviderProfile p, MatchRequest r) {
		double best = 0;
		Reason reason = null;
		for (int i = 0; i < r.languages().size(); i++) {
			String language = r.languages().get(i);
			Double proficiency = p.languages().get(language);
			if (proficiency != null) {
				double score = proficiency * Math.max(0, 1 - LANGUAGE_RANK_STEP * i);
				if (score > best) {
					best = score;
					Codes spoken = Codes.of("language", language);
					Codes how = Codes.of("proficiency", proficiencyWord(proficiency));
					reason = i == 0 ? Reason.of("language.spoken", spoken, how) : Reason.of("language.spoken-choice", spoken, how, i + 1);
				}
			}
		}
		if (r.interpreterNeeded() && best < VIA_INTERPRETER) {
			return part("language", weights.language(), VIA_INTERPRETER, Reason.of("language.interpreter"));
		}
		return part("language", weights.language(), best,
				reason == null ? Reason.of("language.none", new Codes("language", Set.copyOf(r.languages()))) : reason);
	}

	private MatchExplanation distance(ProviderProfile p, MatchRequest r) {
		if (inPersonFeasible(p, r)) {
			double km = p.kilometresFrom(r.location());
			return part("distance", weights.distance(), decay(km, weights.distancePivotKm()), Reason.of("distance.km", km));
		}
		return part("distance", weights.distance(), VIRTUAL_INSTEAD, Reason.of("distance.video"));
	}

	private MatchExplanation registration(ProviderProfile p, MatchRequest r) {
		String j = r.jurisdiction();
		Registration registration = p.registrationIn(j);
		if (registration != null && registration.mayPractise()) {
			return registration.withConditions()
					? part("jurisdiction", weights.registration(), WITH_CONDITIONS, Reason.of("jurisdiction.with-conditions", j))
					: part("jurisdiction", weights.registration(), 1, Reason.of("jurisdiction.registered", j));
		}
		if (p.practiseIn().contains(j)) {
			return part("jurisdiction", weights.registration(), UNREGISTERED_UNREGULATED, Reason.of("jurisdiction.unregulated", j));
		}
		return part("jurisdiction", weights.registration(), UNDER_COMPACT, Reason.of("jurisdiction.compact", j));
	}

	/** 1 at zero, one half at the pivot, towards 0 far beyond: pivot / (pivot + x). */
	public static double decay(double x, double pivot) {
		return pivot / (pivot + Math.max(0, x));
	}

	private static MatchResult normalised(ProviderProfile p, List<MatchExplanation> parts) {
		double total = 0;
		double weighted = 0;
		for (MatchExplanation part : parts) {
			total += part.weight();
			weighted += part.weight() * part.score();
		}
		List<MatchExplanation> shares = new ArrayList<>(parts.size());
		for (MatchExplanation part : parts) {
			shares.add(new MatchExplanation(part.criterion(), part.weight() / total, part.score(), part.reason()));
		}
		return new MatchResult(p, weighted / total, Collections.unmodifiableList(shares));
	}

	private static MatchExplanation part(String criterion, double weight, double score, Reason reason) {
		return new MatchExplanation(criterion, weight, score, reason);
	}

	private static String proficiencyWord(double proficiency) {
		return proficiency >= EXCELLENT ? "excellent" : proficiency >= GOOD ? "good" : "some";
	}

	static boolean intersects(Set<String> a, Set<String> b) {
		for (String x : a) {
			if (b.contains(x)) {
				return true;
			}
		}
		return false;
	}

	private static Set<String> intersection(Set<String> a, Set<String> b) {
		Set<String> both = new java.util.TreeSet<>(a);
		both.retainAll(b);
		return both;
	}
}
