package health.rapport.matching;

/**
 * How one criterion scored for one candidate.
 *
 * @param criterion a code of Rapport's match-criterion code system
 * @param weight the criterion's share of the total, from 0 to 1 (the weights of a request sum to 1)
 * @param score how well it is met, from 0 to 1
 * @param reason why, for people; {@link #detail()} words it in English
 */
public record MatchExplanation(String criterion, double weight, double score, Reason reason) {

	/** A short reason in English, e.g. "speaks es (excellent)". */
	public String detail() {
		return reason.english();
	}
}
