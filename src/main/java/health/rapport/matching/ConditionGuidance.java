package health.rapport.matching;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Approaches with good evidence for common referral reasons (SNOMED CT), after NICE and APA
 * guidance, so that a role offering one of them scores on the condition criterion.
 */
public final class ConditionGuidance {

	private static final Map<String, Set<String>> RECOMMENDED = Map.ofEntries(
			Map.entry("47505003", Set.of("tf-cbt", "emdr", "exposure-erp")), // post-traumatic stress disorder
			Map.entry("191736004", Set.of("exposure-erp", "cbt")), // obsessive-compulsive disorder
			Map.entry("35489007", Set.of("cbt", "ipt", "mbct", "act", "psychodynamic")), // depressive disorder
			Map.entry("370143000", Set.of("cbt", "ipt", "mbct", "medication-management")), // major depressive disorder
			Map.entry("197480006", Set.of("cbt", "act", "mbct")), // anxiety disorder
			Map.entry("21897009", Set.of("cbt", "act")), // generalized anxiety disorder
			Map.entry("20010003", Set.of("dbt", "schema", "mbct")), // borderline personality disorder
			Map.entry("406506008", Set.of("medication-management", "cbt")), // attention deficit hyperactivity disorder
			Map.entry("66214007", Set.of("motivational-interviewing", "cbt")), // substance abuse
			Map.entry("72366004", Set.of("cbt", "family-systems")), // eating disorder
			Map.entry("13746004", Set.of("medication-management", "psychodynamic", "ipt")), // bipolar disorder
			Map.entry("58214004", Set.of("medication-management", "cbt")), // schizophrenia
			Map.entry("35919005", Set.of("play-therapy", "art-therapy", "family-systems")), // pervasive developmental disorder
			Map.entry("43568002", Set.of("play-therapy", "family-systems", "cbt"))); // child behaviour disorder

	private ConditionGuidance() {}

	public static Set<String> recommendedFor(Collection<String> snomedCodes) {
		Set<String> modalities = new TreeSet<>();
		snomedCodes.forEach(code -> modalities.addAll(RECOMMENDED.getOrDefault(code, Set.of())));
		return modalities;
	}
}
