package health.rapport.fhir.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import health.rapport.fhir.json.StoredJson;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Directory resources as parsed from their stored JSON, handed out as copies: copying a parsed
 * role takes a sixth of parsing its JSON again, and a match or a search reads the same popular
 * roles, practitioners and locations over and over (parsing them was a sixth of a match's time).
 * <p>
 * Keyed by the JSON itself, not by type, id and version: a key cannot name other content, even
 * after the store is emptied and version numbers start again. Only the public directory's types
 * are kept; a patient, a referral or a task is never held past the request that reads it. The
 * cache is bounded by the JSON it holds; a parsed resource takes four to six times its JSON's
 * length in heap, and its key that length again. It takes only heap to spare
 * ({@link ResourceCodec#HEAP_FOR_THE_REST}): none in the benchmark's 512 MB.
 */
final class ParsedDirectory {

	private static final int HEAP_PER_JSON_CHAR = 6;

	private final Cache<String, Resource> byJson;

	/** @param maxHeapBytes about the most heap the kept resources take; 0 keeps none */
	ParsedDirectory(long maxHeapBytes) {
		byJson = maxHeapBytes <= 0 ? null : Caffeine.newBuilder().maximumWeight(maxHeapBytes)
				.weigher((String json, Resource parsed) -> json.length() * HEAP_PER_JSON_CHAR).build();
	}

	/** The resource {@code json} holds: a copy of the one parsed before, or parsed by {@code parse}. */
	IBaseResource parse(String type, String json, Function<String, IBaseResource> parse) {
		if (byJson == null || !StoredJson.isDirectoryType(type)) {
			return parse.apply(json);
		}
		// Never handed out itself: each reader gets a copy it may change.
		return byJson.get(json, j -> (Resource) parse.apply(j)).copy();
	}
}
