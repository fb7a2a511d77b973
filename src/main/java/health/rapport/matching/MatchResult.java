package health.rapport.matching;

import java.util.List;

/** One candidate: its score (0 to 1, the weighted mean of its criteria) and why. */
public record MatchResult(ProviderProfile provider, double score, List<MatchExplanation> explanations) {}
