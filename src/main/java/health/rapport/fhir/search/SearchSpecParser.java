package health.rapport.fhir.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import health.rapport.fhir.search.SearchSpec.Criterion;
import health.rapport.fhir.search.SearchSpec.IncludeSpec;
import health.rapport.fhir.search.SearchSpec.Near;
import health.rapport.fhir.search.SearchSpec.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Reads a FHIR search's query parameters into a {@link SearchSpec}, refusing parameters the
 * type does not support (unless the client asked for lenient handling).
 */
@Component
public class SearchSpecParser {

	/** Parameters HAPI's server answers itself (format, paging, summary). */
	private static final Set<String> HANDLED_BY_SERVER = Set.of("_format", "_pretty", "_summary", "_elements", "_count",
			"_total", "_getpages", "_getpagesoffset", "_bundletype", "_offset");

	private final SearchParameterRegistry registry;

	public SearchSpecParser(SearchParameterRegistry registry) {
		this.registry = registry;
	}

	public SearchSpec parse(String type, Map<String, String[]> query, boolean lenient) {
		return parse(type, query, lenient, null);
	}

	/**
	 * As {@link #parse(String, Map, boolean)}, for a request to the server at {@code serverBase}: a
	 * reference value under that base means what it does without it (FHIR search, references).
	 */
	public SearchSpec parse(String type, Map<String, String[]> query, boolean lenient, String serverBase) {
		List<Criterion> criteria = new ArrayList<>();
		List<SortKey> sort = new ArrayList<>();
		List<IncludeSpec> includes = new ArrayList<>();
		List<IncludeSpec> revIncludes = new ArrayList<>();
		Near near = null;
		for (Map.Entry<String, String[]> entry : query.entrySet()) {
			String name = entry.getKey();
			String base = name.split("[:.]", 2)[0];
			String chain = registry.find(type, base).map(SearchParam::chain).orElse(null);
			if (chain != null) {
				name = chain + name.substring(base.length());
			}
			for (String value : entry.getValue()) {
				if (HANDLED_BY_SERVER.contains(name)) {
					continue;
				} else if (name.equals("_sort")) {
					sort.addAll(sortKeys(type, value));
				} else if (base.equals("_include")) {
					includes.add(include(value, name.endsWith(":iterate") || name.endsWith(":recurse"), false));
				} else if (base.equals("_revinclude")) {
					revIncludes.add(include(value, name.endsWith(":iterate") || name.endsWith(":recurse"), true));
				} else if (isNear(type, base)) {
					near = near(type, base, value);
				} else if (name.startsWith("_has:") || isKnown(type, base)) {
					criteria.add(new Criterion(name, withoutOwnBase(type, name, splitOr(value), serverBase)));
				} else if (!lenient) {
					throw new InvalidRequestException("Unknown search parameter \"" + name + "\" for resource type " + type
							+ ". Supported: " + supported(type) + ". Send \"Prefer: handling=lenient\" to ignore unknown parameters.");
				}
			}
		}
		return new SearchSpec(type, criteria, sort, includes, revIncludes, near);
	}

	public String supported(String type) {
		Set<String> names = new TreeSet<>(registry.forType(type).keySet());
		names.addAll(List.of("_has", "_include", "_revinclude", "_sort", "_count", "_summary", "_elements"));
		return String.join(", ", names);
	}

	private boolean isKnown(String type, String code) {
		return registry.find(type, code).isPresent();
	}

	private boolean isNear(String type, String code) {
		return registry.find(type, code).map(p -> p.type() == ParamType.SPECIAL).orElse(false);
	}

	/** A reference parameter's values relative where they name this server's base: as they are stored and matched. */
	private List<String> withoutOwnBase(String type, String name, List<String> values, String serverBase) {
		if (serverBase == null || name.contains(".")) {
			return values;
		}
		String prefix = serverBase.endsWith("/") ? serverBase : serverBase + "/";
		if (values.stream().noneMatch(v -> v.startsWith(prefix))
				|| registry.find(type, name.split(":", 2)[0]).map(p -> p.type() != ParamType.REFERENCE).orElse(true)) {
			return values;
		}
		return values.stream().map(v -> v.startsWith(prefix) ? v.substring(prefix.length()) : v).toList();
	}

	private List<SortKey> sortKeys(String type, String value) {
		List<SortKey> keys = new ArrayList<>();
		for (String part : value.split(",")) {
			boolean descending = part.startsWith("-");
			String code = descending ? part.substring(1) : part;
			if (!isKnown(type, code)) {
				throw new InvalidRequestException("Unknown sort parameter \"" + code + "\" for " + type);
			}
			keys.add(new SortKey(code, descending));
		}
		return keys;
	}

	private IncludeSpec include(String value, boolean iterate, boolean reverse) {
		String[] parts = value.split(":");
		if (parts.length < 2 || parts.length > 3) {
			throw new InvalidRequestException("Invalid include \"" + value + "\": expected SourceType:param[:TargetType]");
		}
		if (!parts[1].equals("*")) {
			SearchParam param = registry.find(parts[0], parts[1])
					.orElseThrow(() -> new InvalidRequestException("Unknown include \"" + value + "\""));
			if (param.type() != ParamType.REFERENCE) {
				throw new InvalidRequestException("Include \"" + value + "\" is not a reference parameter");
			}
		} else if (reverse) {
			throw new InvalidRequestException("_revinclude needs a named parameter, not *");
		}
		return new IncludeSpec(parts[0], parts[1], parts.length == 3 ? parts[2] : null, iterate);
	}

	private Near near(String type, String code, String value) {
		String[] parts = value.split("\\|");
		try {
			double lat = Double.parseDouble(parts[0]);
			double lon = Double.parseDouble(parts[1]);
			double distance = parts.length > 2 && !parts[2].isBlank() ? Double.parseDouble(parts[2]) : 100;
			String unit = parts.length > 3 ? parts[3] : "km";
			if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || distance < 0) {
				throw new NumberFormatException("out of range");
			}
			return new Near(lat, lon, distance * kilometresPer(unit), registry.find(type, code).orElseThrow().id());
		} catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
			throw new InvalidRequestException(
					"Invalid near \"" + value + "\": expected latitude|longitude|distance|unit, e.g. 34.05|-118.24|20|km");
		}
	}

	private static double kilometresPer(String unit) {
		return switch (unit) {
			case "km", "" -> 1;
			case "m" -> 0.001;
			case "mi", "[mi_i]", "[mi_us]" -> 1.609344;
			default -> throw new InvalidRequestException("Unsupported distance unit \"" + unit + "\" (use km, m or mi)");
		};
	}

	/** Splits a parameter value on commas that are not escaped with a backslash. */
	static List<String> splitOr(String value) {
		List<String> values = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
				current.append(',');
				i++;
			} else if (c == ',') {
				values.add(current.toString());
				current.setLength(0);
			} else {
				current.append(c);
			}
		}
		values.add(current.toString());
		return values;
	}
}
