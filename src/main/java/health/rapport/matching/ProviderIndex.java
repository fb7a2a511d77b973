package health.rapport.matching;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where candidates are found: an index of {@link ProviderProfile}s. Adapters must return the
 * same ranking as {@link MatchScorer#rank} over every profile they hold.
 *
 * <p>Changes carry a version that only grows (the store's outbox sequence): an adapter keeps,
 * per role, the newest version it was given, so a change delivered twice or late never undoes a
 * newer one.
 */
public interface ProviderIndex {

	/** Adds or replaces profiles (by role id) and removes the given role ids, as of {@code version}. */
	void apply(long version, Collection<ProviderProfile> upserts, Collection<String> deletedRoleIds);

	/** Replaces the whole content with {@code profiles}, as of {@code version}. */
	void rebuild(long version, Iterable<ProviderProfile> profiles);

	/** The best {@code count} eligible candidates, best first, ties by role id. */
	List<MatchResult> match(MatchRequest request, int count);

	/**
	 * A directory search: one page of the active roles that pass every filter of {@code query}, in
	 * its order (ties by role id), with the total and the facet counts over all of them.
	 */
	DirectoryPage search(DirectoryQuery query);

	/** The profile of one role, whatever its status; empty when the index does not hold it. */
	Optional<ProviderProfile> find(String roleId);

	long size();

	/** What an operator wants to know: the engine, where the index lives, its size. */
	Map<String, Object> details();
}
