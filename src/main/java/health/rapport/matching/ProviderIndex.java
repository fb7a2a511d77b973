package health.rapport.matching;

import java.util.Collection;
import java.util.List;

/**
 * Where candidates are found: an index of {@link ProviderProfile}s. Adapters must return the
 * same ranking as {@link MatchScorer#rank} over every profile they hold.
 */
public interface ProviderIndex {

	/** Adds or replaces profiles (by role id) and removes the given role ids, atomically. */
	void apply(Collection<ProviderProfile> upserts, Collection<String> deletedRoleIds);

	/** Replaces the whole content. */
	void rebuild(Iterable<ProviderProfile> profiles);

	/** The best {@code count} eligible candidates, best first, ties by role id. */
	List<MatchResult> match(MatchRequest request, int count);

	long size();
}
