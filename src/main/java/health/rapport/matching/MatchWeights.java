package health.rapport.matching;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The weights of the soft score (relative: each request's applicable weights are normalised
 * to sum to 1) and the shapes of the decays. Set under {@code rapport.matching} in
 * {@code application.yaml}.
 *
 * @param distancePivotKm the distance at which the distance score is one half
 * @param waitPivotDays the wait at which the wait score is one half
 * @param unknownWaitDays the wait assumed for a role that states none
 * @param urgentWaitFactor how much more the wait weighs for an urgent referral
 */
@ConfigurationProperties("rapport.matching")
public record MatchWeights(
		@DefaultValue("3") double modality,
		@DefaultValue("2") double condition,
		@DefaultValue("1") double population,
		@DefaultValue("2") double language,
		@DefaultValue("2") double distance,
		@DefaultValue("1") double waitTime,
		@DefaultValue("1") double registration,
		@DefaultValue("1") double gender,
		@DefaultValue("10") double distancePivotKm,
		@DefaultValue("14") double waitPivotDays,
		@DefaultValue("60") int unknownWaitDays,
		@DefaultValue("3") double urgentWaitFactor,
		@DefaultValue("40") double defaultRadiusKm) {

	public static MatchWeights defaults() {
		return new MatchWeights(3, 2, 1, 2, 2, 1, 1, 1, 10, 14, 60, 3, 40);
	}
}
